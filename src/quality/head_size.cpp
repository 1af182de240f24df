#include "quality/head_size.h"

#include "quality/face_region.h"
#include "quality/report.h"

#include <cmath>

namespace lk::quality {

HeadSize::HeadSize() : Measure(measure_id::head_size, "fraction of photo height") {}

double HeadSize::measure(const MeasureInput& input) const {
    return eye_chin_distance(input.face().landmarks) / input.photo.height;
}

double HeadSize::component(double raw, const ScoringConfig& config) const {
    return config.map(id(), std::abs(raw - 0.45));
}

}  // namespace lk::quality
