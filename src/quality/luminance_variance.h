// OFIQ's LuminanceVariance: the variance of Y / 255 over the aligned face's landmark hull, with
// OFIQ's fixed component 100 * sin(pi * 60 v / (60 v + 1)) (best near v = 1/60).
#pragma once

#include "quality/measure.h"

namespace lk::quality {

class LuminanceVariance final : public Measure {
public:
    LuminanceVariance();
    double measure(const MeasureInput& input) const override;
    double component(double raw, const ScoringConfig& config) const override;
};

}  // namespace lk::quality
