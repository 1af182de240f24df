// OFIQ's MouthClosed: the largest gap between facing inner-lip points (61-67, 62-66, 63-65) over
// the eye-to-chin distance.
#pragma once

#include "quality/measure.h"

namespace lk::quality {

class MouthClosed final : public Measure {
public:
    MouthClosed();
    double measure(const MeasureInput& input) const override;
};

}  // namespace lk::quality
