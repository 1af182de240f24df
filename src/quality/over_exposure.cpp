#include "quality/over_exposure.h"

#include "quality/face_region.h"
#include "quality/report.h"

#include <algorithm>
#include <numeric>

namespace lk::quality {

OverExposure::OverExposure() : Measure(measure_id::over_exposure, "fraction of face pixels") {}

double OverExposure::measure(const MeasureInput& input) const {
    const std::array<double, 256> bins = input.histogram;
    return std::accumulate(bins.begin() + 247, bins.end(), 0.0);
}

double OverExposure::component(double raw, const ScoringConfig&) const {
    return std::clamp(1 / (std::max(0.0, raw) + 0.01), 0.0, 100.0);
}

}  // namespace lk::quality
