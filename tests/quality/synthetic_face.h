// A drawn face-like photo with landmarks that match it, for the quality tests: the generic face
// (face/mean_shape.h) posed, projected and placed, over a skin-coloured oval with eyes, brows,
// nose and mouth and a fine pixel texture (so that blur has detail to remove).
#pragma once

#include "core/image.h"
#include "face/geometry.h"
#include "face/mean_shape.h"
#include "io/image_file.h"
#include "quality/measure.h"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <vector>

namespace lk::test {

struct FacePlacement {
    float centre_x = 96, centre_y = 80;  // where the eye midpoint lands, photo pixels
    float eye_distance = 48;             // pixels between the eye centres (frontal)
    float yaw = 0, pitch = 0, roll = 0;  // degrees, as quality/head_pose.h defines them
};

// The generic face rotated by R = Rz(roll) Ry(yaw) Rx(pitch), projected orthographically, scaled
// and placed.
inline face::Landmarks68 posed_landmarks(const FacePlacement& at) {
    const double d = 3.14159265358979323846 / 180;
    const double cy = std::cos(at.yaw * d), sy = std::sin(at.yaw * d);
    const double cp = std::cos(at.pitch * d), sp = std::sin(at.pitch * d);
    const double cr = std::cos(at.roll * d), sr = std::sin(at.roll * d);
    face::Landmarks68 out;
    const auto& shape = face::mean_face_3d();
    for (std::size_t i = 0; i < shape.size(); ++i) {
        const double x = shape[i].x, y1 = cp * shape[i].y - sp * shape[i].z,
                     z1 = sp * shape[i].y + cp * shape[i].z;
        const double x2 = cy * x + sy * z1, y2 = y1;
        out[i] = {float(at.centre_x + at.eye_distance * (cr * x2 - sr * y2)),
                  float(at.centre_y + at.eye_distance * (sr * x2 + cr * y2))};
    }
    return out;
}

// A deterministic per-pixel texture in [-1, 1].
inline double texture(uint32_t x, uint32_t y) {
    uint32_t h = x * 374761393u + y * 668265263u;
    h = (h ^ (h >> 13)) * 1274126177u;
    return ((h ^ (h >> 16)) & 0xffff) / 32767.5 - 1.0;
}

// Draws the frontal face of `at` (yaw and pitch affect only the landmarks) into a
// width x height RGB photo over a plain backdrop.
inline Image draw_face(uint32_t width, uint32_t height, const FacePlacement& at) {
    Image image(width, height, 3);
    const double d = 3.14159265358979323846 / 180;
    const double cr = std::cos(at.roll * d), sr = std::sin(at.roll * d);
    auto inside = [](double u, double v, double cu, double cv, double ru, double rv) {
        const double a = (u - cu) / ru, b = (v - cv) / rv;
        return a * a + b * b <= 1;
    };
    for (uint32_t y = 0; y < height; ++y)
        for (uint32_t x = 0; x < width; ++x) {
            // Face units: the pixel centre, unrotated about the eye midpoint and unscaled.
            const double px = x + 0.5 - at.centre_x, py = y + 0.5 - at.centre_y;
            const double u = (cr * px + sr * py) / at.eye_distance;
            const double v = (-sr * px + cr * py) / at.eye_distance;
            double r = 90, g = 110, b = 140, detail = 6;  // backdrop
            if (inside(u, v, 0, 0.75, 1.2, 1.25)) {
                const double shade = 1 - 0.08 * v;
                r = 215 * shade, g = 165 * shade, b = 135 * shade, detail = 14;
                if (inside(u, v, -0.5, 0, 0.2, 0.08) || inside(u, v, 0.5, 0, 0.2, 0.08))
                    r = 245, g = 240, b = 235, detail = 4;
                if (inside(u, v, -0.5, 0, 0.07, 0.07) || inside(u, v, 0.5, 0, 0.07, 0.07))
                    r = 60, g = 40, b = 30, detail = 4;
                if (inside(u, v, -0.6, -0.33, 0.3, 0.05) || inside(u, v, 0.6, -0.33, 0.3, 0.05))
                    r = 80, g = 55, b = 40, detail = 6;
                if (inside(u, v, 0, 0.45, 0.08, 0.3)) r *= 0.92, g *= 0.92, b *= 0.92;
                if (inside(u, v, 0, 1.06, 0.36, 0.07)) r = 170, g = 80, b = 80, detail = 8;
            }
            const double n = detail * texture(x, y);
            uint8_t* p = image.data() + (std::size_t(y) * width + x) * 3;
            p[0] = uint8_t(std::clamp(r + n, 0.0, 255.0));
            p[1] = uint8_t(std::clamp(g + n, 0.0, 255.0));
            p[2] = uint8_t(std::clamp(b + n, 0.0, 255.0));
        }
    return image;
}

// A detection around the landmarks: their bounding box, grown by a fifth of its height upwards
// (where a detector's box covers the forehead).
inline face::Face face_of(const face::Landmarks68& landmarks, float score = 0.95f) {
    float left = landmarks[0].x, right = left, top = landmarks[0].y, bottom = top;
    for (const face::Point& p : landmarks) {
        left = std::min(left, p.x), right = std::max(right, p.x);
        top = std::min(top, p.y), bottom = std::max(bottom, p.y);
    }
    const float grow = 0.2f * (bottom - top);
    face::Face f;
    f.detection = {{left, top - grow, right - left, bottom - top + grow}, score};
    f.landmarks = landmarks;
    return f;
}

// A photo and the faces in it; measure inputs borrow the photo, so the scene must outlive them.
struct Scene {
    Image photo;
    std::vector<face::Face> faces;

    quality::MeasureInput input(std::size_t judged = 0) const {
        return quality::make_measure_input(photo.view(), faces, judged);
    }
};

inline Scene scene(const FacePlacement& at, uint32_t width = 192, uint32_t height = 192) {
    return {draw_face(width, height, at), {face_of(posed_landmarks(at))}};
}

// Photo edits: each returns a changed copy.
inline Image box_blurred(const Image& image, int passes) {
    Image out = image;
    const uint32_t w = image.width(), h = image.height(), c = image.channels();
    for (int pass = 0; pass < passes; ++pass) {
        const Image in = out;
        for (uint32_t y = 0; y < h; ++y)
            for (uint32_t x = 0; x < w; ++x)
                for (uint32_t k = 0; k < c; ++k) {
                    int sum = 0;
                    for (int dy = -1; dy <= 1; ++dy)
                        for (int dx = -1; dx <= 1; ++dx) {
                            const uint32_t sx = std::clamp<int>(int(x) + dx, 0, int(w) - 1);
                            const uint32_t sy = std::clamp<int>(int(y) + dy, 0, int(h) - 1);
                            sum += in.data()[(std::size_t(sy) * w + sx) * c + k];
                        }
                    out.data()[(std::size_t(y) * w + x) * c + k] = uint8_t((sum + 4) / 9);
                }
    }
    return out;
}

inline Image scaled_brightness(const Image& image, double factor) {
    Image out = image;
    const std::size_t n = std::size_t(image.width()) * image.height() * image.channels();
    for (std::size_t i = 0; i < n; ++i)
        out.data()[i] = uint8_t(std::clamp(image.data()[i] * factor + 0.5, 0.0, 255.0));
    return out;
}

inline Image jpeg_round_trip(const Image& image, int quality) {
    const std::vector<uint8_t> bytes =
        io::encode_image(image.view(), LK_IMAGE_FORMAT_JPEG, quality);
    return io::decode_image(bytes.data(), bytes.size(), 3, "memory");
}

}  // namespace lk::test
