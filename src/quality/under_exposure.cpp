#include "quality/under_exposure.h"

#include "quality/face_region.h"
#include "quality/report.h"

#include <numeric>

namespace lk::quality {

UnderExposure::UnderExposure() : Measure(measure_id::under_exposure, "fraction of face pixels") {}

double UnderExposure::measure(const MeasureInput& input) const {
    const std::array<double, 256> bins = input.histogram;
    return std::accumulate(bins.begin(), bins.begin() + 26, 0.0);
}

}  // namespace lk::quality
