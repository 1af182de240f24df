// The height of the detector's face box in photo pixels (ours).
#pragma once

#include "quality/measure.h"

namespace lk::quality {

class FaceSize final : public Measure {
public:
    FaceSize();
    double measure(const MeasureInput& input) const override;
};

}  // namespace lk::quality
