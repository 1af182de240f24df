// OFIQ's LuminanceMean: the mean of Y / 255 (Y as in face_region.h) over the aligned face's
// landmark hull. Two-sided component: OFIQ's product of a rising and a falling sigmoid.
#pragma once

#include "quality/measure.h"

namespace lk::quality {

class LuminanceMean final : public Measure {
public:
    LuminanceMean();
    double measure(const MeasureInput& input) const override;
};

}  // namespace lk::quality
