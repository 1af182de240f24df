// OFIQ's OverExposurePrevention: the fraction of the aligned face's hull pixels whose quantised
// Y is 247..255, with OFIQ's fixed component 1 / (x + 0.01) clipped to [0, 100]. (OFIQ also
// removes occluded pixels; we cannot.)
#pragma once

#include "quality/measure.h"

namespace lk::quality {

class OverExposure final : public Measure {
public:
    OverExposure();
    double measure(const MeasureInput& input) const override;
    double component(double raw, const ScoringConfig& config) const override;
};

}  // namespace lk::quality
