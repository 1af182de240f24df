#include "quality/compression_artifacts.h"

#include "quality/face_region.h"
#include "quality/report.h"

#include <algorithm>
#include <cmath>
#include <limits>

namespace lk::quality {

namespace {

// Steps smaller than this (in linear luminance levels, 0..255) are noise floor: it keeps the ratio
// of a flat, noiseless face near 1 instead of dividing two near-zeros.
constexpr double step_floor = 0.25;

}  // namespace

CompressionArtifacts::CompressionArtifacts()
    : Measure(measure_id::compression_artifacts, "boundary/interior step ratio") {}

double CompressionArtifacts::measure(const MeasureInput& input) const {
    const face::Landmarks68& l = input.face().landmarks;
    float left = l[0].x, right = l[0].x, top = l[0].y, bottom = l[0].y;
    for (const face::Point& p : l) {
        left = std::min(left, p.x), right = std::max(right, p.x);
        top = std::min(top, p.y), bottom = std::max(bottom, p.y);
    }
    const lk_image_view& photo = input.photo;
    const uint32_t x0 = uint32_t(std::clamp(std::floor(left), 0.0f, float(photo.width)));
    const uint32_t x1 = uint32_t(std::clamp(std::ceil(right), 0.0f, float(photo.width)));
    const uint32_t y0 = uint32_t(std::clamp(std::floor(top), 0.0f, float(photo.height)));
    const uint32_t y1 = uint32_t(std::clamp(std::ceil(bottom), 0.0f, float(photo.height)));
    if (x1 - x0 < 16 || y1 - y0 < 16) return std::numeric_limits<double>::quiet_NaN();
    const lk_image_view region{x1 - x0, y1 - y0, photo.channels, photo.stride,
                               photo.data + std::size_t(y0) * photo.stride + std::size_t(x0) * photo.channels};
    const Plane y = luminance(region);
    double boundary = 0, interior = 0, boundary_count = 0, interior_count = 0;
    auto add = [&](double step, uint32_t next) {
        // `next` is the photo coordinate of the step's second pixel: a multiple of 8 starts a block.
        if (next % 8 == 0) boundary += step, boundary_count += 1;
        else interior += step, interior_count += 1;
    };
    for (uint32_t r = 0; r < y.height; ++r)
        for (uint32_t c = 0; c + 1 < y.width; ++c) add(std::abs(y.at(c + 1, r) - y.at(c, r)), x0 + c + 1);
    for (uint32_t r = 0; r + 1 < y.height; ++r)
        for (uint32_t c = 0; c < y.width; ++c) add(std::abs(y.at(c, r + 1) - y.at(c, r)), y0 + r + 1);
    return (boundary / boundary_count + step_floor) / (interior / interior_count + step_floor);
}

}  // namespace lk::quality
