#include "quality/natural_colour.h"

#include "quality/face_region.h"
#include "quality/report.h"

#include <algorithm>
#include <cmath>
#include <limits>

namespace lk::quality {

namespace {

double lab_f(double t) {
    constexpr double delta = 6.0 / 29.0;
    return t > delta * delta * delta ? std::cbrt(t) : t / (3 * delta * delta) + 4.0 / 29.0;
}

// CIELAB a* and b* of an sRGB pixel, D65 white.
std::pair<double, double> lab_ab(const uint8_t* rgb) {
    const auto& linear = srgb_linear();
    const double r = linear[rgb[0]], g = linear[rgb[1]], b = linear[rgb[2]];
    const double x = (0.4124 * r + 0.3576 * g + 0.1805 * b) / 0.95047;
    const double y = 0.2126 * r + 0.7152 * g + 0.0722 * b;
    const double z = (0.0193 * r + 0.1192 * g + 0.9505 * b) / 1.08883;
    return {500 * (lab_f(x) - lab_f(y)), 200 * (lab_f(y) - lab_f(z))};
}

}  // namespace

NaturalColour::NaturalColour() : Measure(measure_id::natural_colour, "CIELAB units") {}

double NaturalColour::measure(const MeasureInput& input) const {
    const Image& crop = input.aligned.crop;
    const uint32_t width = crop.width(), channels = crop.channels();
    const std::vector<uint8_t>& hull = input.hull;
    double a = 0, b = 0, count = 0;
    bool coloured = false;
    for (const Rect& r : cheek_patches(input.aligned.landmarks, width, crop.height()))
        for (int y = r.y; y < r.y + r.height; ++y)
            for (int x = r.x; x < r.x + r.width; ++x) {
                if (!hull[std::size_t(y) * width + x]) continue;
                const uint8_t* p = crop.data() + (std::size_t(y) * width + x) * channels;
                coloured = coloured || p[0] != p[1] || p[1] != p[2];
                const auto [pa, pb] = lab_ab(p);
                a += pa, b += pb, count += 1;
            }
    if (count == 0) return std::numeric_limits<double>::quiet_NaN();
    if (!coloured) return 0;
    a /= count, b /= count;
    if (a < 0 || b < 0) return 100;
    const double da = std::max({0.0, 5 - a, a - 25}), db = std::max({0.0, 5 - b, b - 35});
    return std::hypot(da, db);
}

}  // namespace lk::quality
