#include "quality/illumination_uniformity.h"

#include "quality/face_region.h"
#include "quality/report.h"

#include <algorithm>
#include <cmath>
#include <limits>

namespace lk::quality {

namespace {

std::vector<uint8_t> rect_mask(const Rect& r, uint32_t width, uint32_t height) {
    std::vector<uint8_t> mask(std::size_t(width) * height, 0);
    for (int y = r.y; y < r.y + r.height; ++y)
        std::fill_n(mask.begin() + std::size_t(y) * width + r.x, r.width, 1);
    return mask;
}

}  // namespace

IlluminationUniformity::IlluminationUniformity()
    : Measure(measure_id::illumination_uniformity, "histogram intersection 0..1") {}

double IlluminationUniformity::measure(const MeasureInput& input) const {
    const Image& crop = input.aligned.crop;
    const auto patches = cheek_patches(input.aligned.landmarks, crop.width(), crop.height());
    if (patches[0].width == 0 || patches[0].height == 0 || patches[1].width == 0 ||
        patches[1].height == 0)
        return std::numeric_limits<double>::quiet_NaN();
    const auto right = histogram(input.crop_luminance, rect_mask(patches[0], crop.width(), crop.height()));
    const auto left = histogram(input.crop_luminance, rect_mask(patches[1], crop.width(), crop.height()));
    double intersection = 0;
    for (int i = 0; i < 256; ++i) intersection += std::min(right[i], left[i]);
    return intersection;
}

double IlluminationUniformity::component(double raw, const ScoringConfig&) const {
    return std::clamp(100 * std::pow(std::max(0.0, raw), 0.3), 0.0, 100.0);
}

}  // namespace lk::quality
