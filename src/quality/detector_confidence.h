// The detector's confidence in the face (OFIQ has no such measure; ours).
#pragma once

#include "quality/measure.h"

namespace lk::quality {

class DetectorConfidence final : public Measure {
public:
    DetectorConfidence();
    double measure(const MeasureInput& input) const override;
};

}  // namespace lk::quality
