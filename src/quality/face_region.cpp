#include "quality/face_region.h"

#include "core/error.h"
#include "face/alignment.h"

#include <algorithm>
#include <cmath>

namespace lk::quality {

const std::array<float, 256>& srgb_linear() {
    static const std::array<float, 256> table = [] {
        std::array<float, 256> t{};
        for (int i = 0; i < 256; ++i) {
            const double c = i / 255.0;
            t[i] = float(c <= 0.04045 ? c / 12.92 : std::pow((c + 0.055) / 1.055, 2.4));
        }
        return t;
    }();
    return table;
}

namespace {

double cross(face::Point o, face::Point a, face::Point b) {
    return double(a.x - o.x) * (b.y - o.y) - double(a.y - o.y) * (b.x - o.x);
}

// Andrew's monotone chain; counter-clockwise in a y-up frame, so clockwise on screen.
std::vector<face::Point> convex_hull(std::vector<face::Point> points) {
    std::sort(points.begin(), points.end(), [](face::Point a, face::Point b) {
        return a.x < b.x || (a.x == b.x && a.y < b.y);
    });
    if (points.size() < 3) return points;
    std::vector<face::Point> hull(2 * points.size());
    std::size_t k = 0;
    for (std::size_t i = 0; i < points.size(); ++i) {
        while (k >= 2 && cross(hull[k - 2], hull[k - 1], points[i]) <= 0) --k;
        hull[k++] = points[i];
    }
    for (std::size_t i = points.size() - 1, lower = k + 1; i-- > 0;) {
        while (k >= lower && cross(hull[k - 2], hull[k - 1], points[i]) <= 0) --k;
        hull[k++] = points[i];
    }
    hull.resize(k - 1);
    return hull;
}

}  // namespace

Plane luminance(const lk_image_view& rgb) {
    check_view(&rgb);
    if (rgb.channels < 3)
        fail(LK_ERR_INVALID_ARGUMENT, "luminance needs an RGB or RGBA image, got {} channel(s)",
             rgb.channels);
    const auto& linear = srgb_linear();
    Plane plane{rgb.width, rgb.height, std::vector<float>(std::size_t(rgb.width) * rgb.height)};
    for (uint32_t y = 0; y < rgb.height; ++y) {
        const uint8_t* row = rgb.data + std::size_t(y) * rgb.stride;
        for (uint32_t x = 0; x < rgb.width; ++x, row += rgb.channels)
            plane.values[std::size_t(y) * rgb.width + x] =
                255.0f * (0.2126f * linear[row[0]] + 0.7152f * linear[row[1]] +
                          0.0722f * linear[row[2]]);
    }
    return plane;
}

std::vector<uint8_t> hull_mask(const face::Landmarks68& landmarks, uint32_t width,
                               uint32_t height) {
    const std::vector<face::Point> hull =
        convex_hull(std::vector<face::Point>(landmarks.begin(), landmarks.end()));
    std::vector<uint8_t> mask(std::size_t(width) * height, 0);
    if (hull.size() < 3) return mask;
    float top = hull[0].y, bottom = hull[0].y;
    for (const face::Point& p : hull) top = std::min(top, p.y), bottom = std::max(bottom, p.y);
    const uint32_t y_first = uint32_t(std::clamp(std::floor(top), 0.0f, float(height)));
    const uint32_t y_end = uint32_t(std::clamp(std::ceil(bottom), 0.0f, float(height)));
    for (uint32_t y = y_first; y < y_end; ++y)
        for (uint32_t x = 0; x < width; ++x) {
            const face::Point centre{x + 0.5f, y + 0.5f};
            bool inside = true;
            for (std::size_t i = 0; i < hull.size() && inside; ++i)
                inside = cross(hull[i], hull[(i + 1) % hull.size()], centre) >= 0;
            mask[std::size_t(y) * width + x] = inside;
        }
    return mask;
}

std::array<double, 256> histogram(const Plane& luminance, const std::vector<uint8_t>& mask) {
    std::array<double, 256> bins{};
    double count = 0;
    for (std::size_t i = 0; i < luminance.values.size(); ++i)
        if (mask[i]) {
            bins[std::clamp(int(std::lround(luminance.values[i])), 0, 255)] += 1;
            count += 1;
        }
    if (count > 0)
        for (double& b : bins) b /= count;
    return bins;
}

double mean_level(const std::array<double, 256>& bins) {
    double mean = 0;
    for (int i = 0; i < 256; ++i) mean += bins[i] * i / 255.0;
    return mean;
}

double eye_chin_distance(const face::Landmarks68& landmarks) {
    const face::Point right = face::right_eye_centre(landmarks), left = face::left_eye_centre(landmarks);
    const face::Point chin = landmarks[8];
    return std::hypot(chin.x - (left.x + right.x) / 2, chin.y - (left.y + right.y) / 2);
}

std::array<Rect, 2> cheek_patches(const face::Landmarks68& aligned, uint32_t width,
                                  uint32_t height) {
    const face::Point right = face::right_eye_centre(aligned), left = face::left_eye_centre(aligned);
    const face::Point mouth = face::centroid(aligned, face::landmark::inner_lips_first,
                                             face::landmark::mouth_last);
    const double eye_distance = std::hypot(left.x - right.x, left.y - right.y);
    const double eye_mouth = std::hypot(mouth.x - (left.x + right.x) / 2, mouth.y - (left.y + right.y) / 2);
    const int side = int(0.3 * eye_distance);
    auto clipped = [&](double x, double y) {
        const int x0 = std::clamp(int(x), 0, int(width)), y0 = std::clamp(int(y), 0, int(height));
        const int x1 = std::clamp(int(x) + side, 0, int(width));
        const int y1 = std::clamp(int(y) + side, 0, int(height));
        return Rect{x0, y0, std::max(0, x1 - x0), std::max(0, y1 - y0)};
    };
    return {clipped(right.x - side, right.y + eye_mouth / 2),
            clipped(left.x, left.y + eye_mouth / 2)};
}

}  // namespace lk::quality
