// The variance of the luminance Laplacian (4-neighbour) over the landmark hull of the face,
// resampled for this measure to a fixed 128-pixel aligned crop so that the value depends on the
// face's detail, not on the photo's or the shared crop's resolution. Ours: OFIQ's Sharpness is a
// random forest over its own features.
#pragma once

#include "quality/measure.h"

namespace lk::quality {

class Sharpness final : public Measure {
public:
    Sharpness();
    double measure(const MeasureInput& input) const override;
};

}  // namespace lk::quality
