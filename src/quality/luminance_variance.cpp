#include "quality/luminance_variance.h"

#include "quality/face_region.h"
#include "quality/report.h"

#include <algorithm>
#include <cmath>

namespace lk::quality {

LuminanceVariance::LuminanceVariance()
    : Measure(measure_id::luminance_variance, "fraction of full scale, squared") {}

double LuminanceVariance::measure(const MeasureInput& input) const {
    const std::array<double, 256> bins = input.histogram;
    const double mean = mean_level(bins);
    double variance = 0;
    for (int i = 0; i < 256; ++i) variance += bins[i] * (i / 255.0 - mean) * (i / 255.0 - mean);
    return variance;
}

double LuminanceVariance::component(double raw, const ScoringConfig&) const {
    const double v = std::max(0.0, raw);
    return std::clamp(100 * std::sin(3.14159265358979323846 * 60 * v / (60 * v + 1)), 0.0, 100.0);
}

}  // namespace lk::quality
