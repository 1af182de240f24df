#include "quality/luminance_mean.h"

#include "quality/face_region.h"
#include "quality/report.h"

namespace lk::quality {

LuminanceMean::LuminanceMean() : Measure(measure_id::luminance_mean, "fraction of full scale") {}

double LuminanceMean::measure(const MeasureInput& input) const {
    return mean_level(input.histogram);
}

}  // namespace lk::quality
