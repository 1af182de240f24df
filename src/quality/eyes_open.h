// The eye aspect ratio of the less open eye: (|p1 - p5| + |p2 - p4|) / (2 |p0 - p3|) over each
// eye's six points (p0, p3 the corners). Ours: OFIQ divides the largest lid gap by the
// eye-to-chin distance instead.
#pragma once

#include "quality/measure.h"

namespace lk::quality {

class EyesOpen final : public Measure {
public:
    EyesOpen();
    double measure(const MeasureInput& input) const override;
};

}  // namespace lk::quality
