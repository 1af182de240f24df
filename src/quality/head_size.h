// OFIQ's HeadSize: the eye-midpoint-to-chin distance over the photo's height. Its component maps
// |x - 0.45| (0.45 being the ideal), as OFIQ does.
#pragma once

#include "quality/measure.h"

namespace lk::quality {

class HeadSize final : public Measure {
public:
    HeadSize();
    double measure(const MeasureInput& input) const override;
    double component(double raw, const ScoringConfig& config) const override;
};

}  // namespace lk::quality
