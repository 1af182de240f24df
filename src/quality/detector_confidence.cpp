#include "quality/detector_confidence.h"

#include "quality/report.h"

namespace lk::quality {

DetectorConfidence::DetectorConfidence() : Measure(measure_id::detector_confidence, "score 0..1") {}

double DetectorConfidence::measure(const MeasureInput& input) const {
    return input.face().detection.score;
}

}  // namespace lk::quality
