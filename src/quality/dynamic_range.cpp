#include "quality/dynamic_range.h"

#include "quality/face_region.h"
#include "quality/report.h"

#include <algorithm>
#include <cmath>

namespace lk::quality {

DynamicRange::DynamicRange() : Measure(measure_id::dynamic_range, "bits") {}

double DynamicRange::measure(const MeasureInput& input) const {
    double entropy = 0;
    for (double p : input.histogram)
        if (p > 0) entropy -= p * std::log2(p);
    return entropy;
}

double DynamicRange::component(double raw, const ScoringConfig&) const {
    return std::clamp(12.5 * raw, 0.0, 100.0);
}

}  // namespace lk::quality
