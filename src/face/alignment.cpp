#include "face/alignment.h"

#include "core/error.h"
#include "face/mean_shape.h"

#include <algorithm>
#include <cmath>

namespace lk::face {

Point map_point(const Affine& m, Point p) {
    return {static_cast<float>(m[0] * p.x + m[1] * p.y + m[2]),
            static_cast<float>(m[3] * p.x + m[4] * p.y + m[5])};
}

Affine invert(const Affine& m) {
    const double det = m[0] * m[4] - m[1] * m[3];
    const double scale = std::max({std::abs(m[0]), std::abs(m[1]), std::abs(m[3]), std::abs(m[4])});
    if (!std::isfinite(det) || std::abs(det) <= 1e-12 * scale * scale)
        fail(LK_ERR_INVALID_ARGUMENT,
             "cannot invert the affine map [{} {} {}; {} {} {}]: its linear part is singular",
             m[0], m[1], m[2], m[3], m[4], m[5]);
    const double a = m[4] / det, b = -m[1] / det, c = -m[3] / det, d = m[0] / det;
    return {a, b, -(a * m[2] + b * m[5]), c, d, -(c * m[2] + d * m[5])};
}

Affine compose(const Affine& s, const Affine& f) {
    return {s[0] * f[0] + s[1] * f[3], s[0] * f[1] + s[1] * f[4], s[0] * f[2] + s[1] * f[5] + s[2],
            s[3] * f[0] + s[4] * f[3], s[3] * f[1] + s[4] * f[4], s[3] * f[2] + s[4] * f[5] + s[5]};
}

Affine fit_similarity(const Point* from, const Point* to, std::size_t count) {
    double fx = 0, fy = 0, tx = 0, ty = 0;
    for (std::size_t i = 0; i < count; ++i) {
        if (!std::isfinite(from[i].x) || !std::isfinite(from[i].y) || !std::isfinite(to[i].x) ||
            !std::isfinite(to[i].y))
            fail(LK_ERR_INVALID_ARGUMENT, "point {} of a similarity fit is not finite", i);
        fx += from[i].x, fy += from[i].y, tx += to[i].x, ty += to[i].y;
    }
    if (count == 0) fail(LK_ERR_INVALID_ARGUMENT, "a similarity fit needs points; got none");
    fx /= count, fy /= count, tx /= count, ty /= count;
    // For 2-D points the rotation-and-scale part of Umeyama's solution is closed-form: the scaled
    // cosine and sine of the angle are the dot and cross sums over the source's spread.
    double spread = 0, dot = 0, cross = 0, target = 0;
    for (std::size_t i = 0; i < count; ++i) {
        const double ax = from[i].x - fx, ay = from[i].y - fy;
        const double bx = to[i].x - tx, by = to[i].y - ty;
        spread += ax * ax + ay * ay;
        target += bx * bx + by * by;
        dot += ax * bx + ay * by;
        cross += ax * by - ay * bx;
    }
    if (spread <= 1e-12 * std::max(1.0, target))
        fail(LK_ERR_INVALID_ARGUMENT,
             "the {} source points of a similarity fit all coincide (spread {}); expected "
             "landmarks of a face, at least two of them apart",
             count, spread);
    const double a = dot / spread, b = cross / spread;
    return {a, -b, tx - (a * fx - b * fy), b, a, ty - (b * fx + a * fy)};
}

Point right_eye_centre(const Landmarks68& landmarks) {
    return centroid(landmarks, landmark::right_eye_first, landmark::right_eye_last);
}

Point left_eye_centre(const Landmarks68& landmarks) {
    return centroid(landmarks, landmark::left_eye_first, landmark::left_eye_last);
}

std::array<Point, 5> alignment_points(const Landmarks68& landmarks) {
    return {right_eye_centre(landmarks), left_eye_centre(landmarks), landmarks[30], landmarks[48],
            landmarks[54]};
}

const std::array<Point, 5>& alignment_template() {
    static const std::array<Point, 5> points = [] {
        constexpr float eye_distance = 0.28f, centre_x = 0.5f, eye_line = 0.38f;
        std::array<Point, 5> unit = alignment_points(mean_face_2d());
        for (Point& p : unit) p = {centre_x + eye_distance * p.x, eye_line + eye_distance * p.y};
        return unit;
    }();
    return points;
}

Image warp(const lk_image_view& image, const Affine& to_image, uint32_t width, uint32_t height) {
    check_view(&image);
    Image out(width, height, image.channels);
    const uint32_t channels = image.channels;
    const double max_x = image.width - 1.0, max_y = image.height - 1.0;
    uint8_t* dst = out.data();
    for (uint32_t v = 0; v < height; ++v) {
        for (uint32_t u = 0; u < width; ++u) {
            // Centre to centre: the source position in index space, where pixel i sits at i.
            const Point p = map_point(to_image, {u + 0.5f, v + 0.5f});
            const double x = std::clamp(p.x - 0.5, 0.0, max_x), y = std::clamp(p.y - 0.5, 0.0, max_y);
            const uint32_t x0 = static_cast<uint32_t>(x), y0 = static_cast<uint32_t>(y);
            const uint32_t x1 = std::min<uint32_t>(x0 + 1, image.width - 1);
            const uint32_t y1 = std::min<uint32_t>(y0 + 1, image.height - 1);
            const double fx = x - x0, fy = y - y0;
            const uint8_t* r0 = image.data + std::size_t(y0) * image.stride;
            const uint8_t* r1 = image.data + std::size_t(y1) * image.stride;
            for (uint32_t c = 0; c < channels; ++c) {
                const double top = r0[x0 * channels + c] * (1 - fx) + r0[x1 * channels + c] * fx;
                const double bottom = r1[x0 * channels + c] * (1 - fx) + r1[x1 * channels + c] * fx;
                *dst++ = static_cast<uint8_t>(std::lround(top * (1 - fy) + bottom * fy));
            }
        }
    }
    return out;
}

AlignedFace align_face(const lk_image_view& image, const Landmarks68& landmarks, uint32_t size) {
    check_view(&image);
    if (size == 0 || size > 8192)
        fail(LK_ERR_INVALID_ARGUMENT, "aligned crop size {} is out of range; expected 1..8192", size);
    std::array<Point, 5> target = alignment_template();
    for (Point& p : target) p = {p.x * size, p.y * size};
    const std::array<Point, 5> source = alignment_points(landmarks);
    const Affine to_crop = fit_similarity(source.data(), target.data(), source.size());
    const Affine to_image = invert(to_crop);
    Landmarks68 mapped;
    for (std::size_t i = 0; i < landmarks.size(); ++i) mapped[i] = map_point(to_crop, landmarks[i]);
    return {warp(image, to_image, size, size), to_crop, to_image, mapped};
}

}  // namespace lk::face
