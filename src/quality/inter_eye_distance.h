// The distance between the eye centres in photo pixels, divided by cos(yaw) so that a turned head
// is not taken for a smaller one (OFIQ's InterEyeDistance; our eye centres are the means of the
// six eye points, OFIQ's the midpoints of the corners).
#pragma once

#include "quality/measure.h"

namespace lk::quality {

class InterEyeDistance final : public Measure {
public:
    InterEyeDistance();
    double measure(const MeasureInput& input) const override;
};

}  // namespace lk::quality
