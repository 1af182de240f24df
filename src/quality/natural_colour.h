// OFIQ's NaturalColour: from the mean CIELAB a* and b* (D65) over the cheek patches
// (face_region.h), inside the landmark hull, the distance from the box 5 <= a* <= 25,
// 5 <= b* <= 35 (0 inside it; 100 when a mean is negative; 0 for a grey image, as OFIQ; NaN when
// no patch pixel lies in the face region).
#pragma once

#include "quality/measure.h"

namespace lk::quality {

class NaturalColour final : public Measure {
public:
    NaturalColour();
    double measure(const MeasureInput& input) const override;
};

}  // namespace lk::quality
