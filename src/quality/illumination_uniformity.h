// OFIQ's IlluminationUniformity: the intersection of the normalised Y histograms of the two cheek
// patches (face_region.h), 1 for equally lit cheeks, with OFIQ's fixed component 100 x^0.3.
#pragma once

#include "quality/measure.h"

namespace lk::quality {

class IlluminationUniformity final : public Measure {
public:
    IlluminationUniformity();
    double measure(const MeasureInput& input) const override;
    double component(double raw, const ScoringConfig& config) const override;
};

}  // namespace lk::quality
