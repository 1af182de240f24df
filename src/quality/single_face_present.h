// OFIQ's SingleFacePresent: the area of the second-largest face box over the largest's (0 when
// one face is found), with OFIQ's fixed component 100 (1 - x).
#pragma once

#include "quality/measure.h"

namespace lk::quality {

class SingleFacePresent final : public Measure {
public:
    SingleFacePresent();
    double measure(const MeasureInput& input) const override;
    double component(double raw, const ScoringConfig& config) const override;
};

}  // namespace lk::quality
