#include "quality/assess.h"

#include <algorithm>
#include <cmath>

namespace lk::quality {

FaceQuality assess(const MeasureInput& input, const ScoringConfig& config) {
    FaceQuality quality;
    for (const auto& measure : all_measures()) {
        const double raw = measure->measure(input);
        const double component = std::isfinite(raw) ? measure->component(raw, config) : 0.0;
        quality.measures.push_back({std::string(measure->id()), raw, component});
    }
    quality.unified = unified_score(quality, config);
    return quality;
}

double unified_score(const FaceQuality& quality, const ScoringConfig& config) {
    double total = 0, log_sum = 0;
    for (const auto& [id, weight] : config.unified_weights()) {
        const MeasureResult* result = quality.find(id);
        if (!result || weight == 0) continue;
        total += weight;
        log_sum += weight * std::log(std::max(result->component, 1.0) / 100);
    }
    return total > 0 ? 100 * std::exp(log_sum / total) : 0.0;
}

}  // namespace lk::quality
