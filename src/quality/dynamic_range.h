// OFIQ's DynamicRange: the entropy in bits of the quantised Y histogram over the aligned face's
// landmark hull (0..8), with OFIQ's fixed component 12.5 x.
#pragma once

#include "quality/measure.h"

namespace lk::quality {

class DynamicRange final : public Measure {
public:
    DynamicRange();
    double measure(const MeasureInput& input) const override;
    double component(double raw, const ScoringConfig& config) const override;
};

}  // namespace lk::quality
