// OFIQ's UnderExposurePrevention: the fraction of the aligned face's hull pixels whose quantised
// Y is 0..25. (OFIQ also removes pixels its occlusion network marks; we have no such network.)
#pragma once

#include "quality/measure.h"

namespace lk::quality {

class UnderExposure final : public Measure {
public:
    UnderExposure();
    double measure(const MeasureInput& input) const override;
};

}  // namespace lk::quality
