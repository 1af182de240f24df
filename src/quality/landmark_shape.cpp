#include "quality/landmark_shape.h"

#include "face/mean_shape.h"

#include <algorithm>
#include <cmath>
#include <complex>
#include <vector>

namespace lk::quality {
namespace {

// Points as complex numbers x + iy: a similarity transform is then one complex multiply.
using Complex = std::complex<double>;
using Shape = std::array<Complex, 68>;

constexpr double pi = 3.14159265358979323846;

// A shape moved to its centroid and scaled to unit norm, with what was taken out.
struct Normalized {
    Shape unit;
    Complex mean = 0;
    double norm = 0;
};

Normalized normalize(const Shape& shape) {
    Normalized out;
    for (const Complex& p : shape) out.mean += p;
    out.mean /= double(shape.size());
    for (size_t i = 0; i < shape.size(); ++i) {
        out.unit[i] = shape[i] - out.mean;
        out.norm += std::norm(out.unit[i]);
    }
    out.norm = std::sqrt(out.norm);
    if (out.norm > 0)
        for (Complex& p : out.unit) p /= out.norm;
    return out;
}

Shape as_shape(const face::Landmarks68& points) {
    Shape out;
    for (size_t i = 0; i < points.size(); ++i) out[i] = Complex(points[i].x, points[i].y);
    return out;
}

struct Candidate {
    double yaw_deg, pitch_deg, camera_distance;
    Shape points;  // in eye distances, as seen
    Normalized normalized;
};

const std::vector<Candidate>& candidates() {
    static const std::vector<Candidate> all = [] {
        std::vector<Candidate> out;
        for (int yaw = -60; yaw <= 60; yaw += 5)
            for (int pitch = -40; pitch <= 40; pitch += 5)
                for (double distance : {0.0, 8.0, 5.0}) {
                    const Shape points = as_shape(posed_mean_face(yaw, pitch, distance));
                    out.push_back(
                        {double(yaw), double(pitch), distance, points, normalize(points)});
                }
        return out;
    }();
    return all;
}

// Each point's mirror partner: the mean face is symmetric under x -> -x.
const std::array<int, 68>& mirror() {
    static const std::array<int, 68> partner = [] {
        const auto& face = face::mean_face_3d();
        std::array<int, 68> out{};
        for (size_t i = 0; i < face.size(); ++i) {
            double best = INFINITY;
            for (size_t j = 0; j < face.size(); ++j) {
                const double d = std::hypot(face[i].x + face[j].x, face[i].y - face[j].y,
                                            face[i].z - face[j].z);
                if (d < best) best = d, out[i] = int(j);
            }
        }
        return out;
    }();
    return partner;
}

// sum conj(a) b: for unit shapes its modulus is the cosine of the angle between them once the
// best rotation is applied, and it is that rotation (times the cosine).
Complex inner(const Shape& a, const Shape& b) {
    Complex sum = 0;
    for (size_t i = 0; i < a.size(); ++i) sum += std::conj(a[i]) * b[i];
    return sum;
}

// The groups on the subject's right whose deviations are compared with their mirror partners':
// eye, brow, nose wing, mouth corner, upper and lower jaw.
struct Group {
    int first, last;
    std::string_view name;
};
constexpr Group right_side_groups[] = {{36, 41, "eyes"},         {17, 21, "brows"},
                                       {31, 31, "nose wings"},   {48, 48, "mouth corners"},
                                       {0, 3, "upper jaw"},      {4, 7, "lower jaw"}};

Complex group_mean(const Shape& r, Group g, bool partners) {
    Complex sum = 0;
    for (int i = g.first; i <= g.last; ++i) sum += r[partners ? mirror()[i] : i];
    return sum / double(g.last - g.first + 1);
}

double eye_width_ratio(const Shape& s) {
    // Eye corners: 36 and 39 (the subject's right eye), 42 and 45 (the left).
    return std::abs(s[36] - s[39]) / std::abs(s[42] - s[45]);
}

}  // namespace

face::Landmarks68 posed_mean_face(double yaw_deg, double pitch_deg, double camera_distance) {
    const double a = yaw_deg * pi / 180, b = pitch_deg * pi / 180;
    const auto& face = face::mean_face_3d();
    face::Landmarks68 out;
    for (size_t i = 0; i < face.size(); ++i) {
        const double x = face[i].x * std::cos(a) + face[i].z * std::sin(a);
        const double z1 = -face[i].x * std::sin(a) + face[i].z * std::cos(a);
        const double y = face[i].y * std::cos(b) - z1 * std::sin(b);
        const double z = face[i].y * std::sin(b) + z1 * std::cos(b);
        const double scale = camera_distance > 0 ? camera_distance / (camera_distance - z) : 1.0;
        out[i] = {float(x * scale), float(y * scale)};
    }
    return out;
}

LandmarkShape fit_landmark_shape(const face::Landmarks68& points) {
    const Shape observed = as_shape(points);
    const Normalized seen = normalize(observed);
    LandmarkShape out;
    if (!(seen.norm > 0)) return out;

    const Candidate* best = nullptr;
    double best_fit = -1;
    for (const Candidate& c : candidates()) {
        const double fit = std::abs(inner(seen.unit, c.normalized.unit));
        if (fit > best_fit) best_fit = fit, best = &c;
    }
    out.procrustes_distance = std::sqrt(std::max(0.0, 1 - best_fit * best_fit));
    out.yaw_deg = best->yaw_deg;
    out.pitch_deg = best->pitch_deg;
    out.camera_distance = best->camera_distance;

    // The landmarks brought onto the posed mean face by the least-squares similarity, so that
    // their deviations read in eye distances.
    const Complex similarity = inner(seen.unit, best->normalized.unit) * best->normalized.norm;
    Shape residual;
    for (size_t i = 0; i < residual.size(); ++i)
        residual[i] = seen.unit[i] * similarity + best->normalized.mean - best->points[i];
    for (const Group& g : right_side_groups) {
        // A deviation mirrored (x negated) is -conj(deviation).
        const Complex mismatch =
            group_mean(residual, g, false) + std::conj(group_mean(residual, g, true));
        if (std::abs(mismatch) > out.asymmetry) {
            out.asymmetry = std::abs(mismatch);
            out.most_asymmetric = g.name;
        }
    }

    const double ratio = eye_width_ratio(observed) / eye_width_ratio(best->points);
    out.eye_width_ratio = std::isfinite(ratio) && ratio > 0 ? std::max(ratio, 1 / ratio) : INFINITY;
    return out;
}

}  // namespace lk::quality
