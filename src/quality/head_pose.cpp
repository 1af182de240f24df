#include "quality/head_pose.h"

#include "core/error.h"
#include "face/mean_shape.h"
#include "quality/report.h"

#include <algorithm>
#include <cmath>

namespace lk::quality {

namespace {

using Vec3 = std::array<double, 3>;

double dot(const Vec3& a, const Vec3& b) { return a[0] * b[0] + a[1] * b[1] + a[2] * b[2]; }
Vec3 cross(const Vec3& a, const Vec3& b) {
    return {a[1] * b[2] - a[2] * b[1], a[2] * b[0] - a[0] * b[2], a[0] * b[1] - a[1] * b[0]};
}
Vec3 scaled(const Vec3& a, double s) { return {a[0] * s, a[1] * s, a[2] * s}; }
Vec3 plus(const Vec3& a, const Vec3& b) { return {a[0] + b[0], a[1] + b[1], a[2] + b[2]}; }
Vec3 minus(const Vec3& a, const Vec3& b) { return {a[0] - b[0], a[1] - b[1], a[2] - b[2]}; }
Vec3 unit(const Vec3& a) { return scaled(a, 1 / std::sqrt(dot(a, a))); }

// Inverse of a symmetric positive-definite 3x3 matrix (the model's scatter, fixed and well
// conditioned because the generic face is not flat).
std::array<Vec3, 3> inverse(const std::array<Vec3, 3>& m) {
    const Vec3 c0 = cross(m[1], m[2]), c1 = cross(m[2], m[0]), c2 = cross(m[0], m[1]);
    const double det = dot(m[0], c0);
    return {scaled(c0, 1 / det), scaled(c1, 1 / det), scaled(c2, 1 / det)};
}

}  // namespace

HeadPose estimate_head_pose(const face::Landmarks68& landmarks) {
    const auto& model = face::mean_face_3d();
    const double n = double(landmarks.size());
    Vec3 model_mean{};
    double px = 0, py = 0;
    for (std::size_t i = 0; i < landmarks.size(); ++i) {
        if (!std::isfinite(landmarks[i].x) || !std::isfinite(landmarks[i].y))
            fail(LK_ERR_INVALID_ARGUMENT, "landmark {} is not finite; cannot estimate head pose", i);
        model_mean = plus(model_mean, {model[i].x / n, model[i].y / n, model[i].z / n});
        px += landmarks[i].x / n, py += landmarks[i].y / n;
    }
    // Normal equations of the affine fit: rows m_k = (sum p_k P^T) (sum P P^T)^-1.
    std::array<Vec3, 3> scatter{};
    Vec3 cx{}, cy{};
    for (std::size_t i = 0; i < landmarks.size(); ++i) {
        const Vec3 P = minus({model[i].x, model[i].y, model[i].z}, model_mean);
        for (int r = 0; r < 3; ++r) scatter[r] = plus(scatter[r], scaled(P, P[r]));
        cx = plus(cx, scaled(P, landmarks[i].x - px));
        cy = plus(cy, scaled(P, landmarks[i].y - py));
    }
    const std::array<Vec3, 3> inv = inverse(scatter);
    const Vec3 m1{dot(cx, inv[0]), dot(cx, inv[1]), dot(cx, inv[2])};
    const Vec3 m2{dot(cy, inv[0]), dot(cy, inv[1]), dot(cy, inv[2])};
    // Rows this short (relative to where the points lie) come from landmarks that coincide, or
    // lie on a line, which no view of a face produces.
    const double tiny = 1e-9 * (1 + std::abs(px) + std::abs(py));
    if (!(std::sqrt(dot(m1, m1)) > tiny && std::sqrt(dot(m2, m2)) > tiny &&
          std::sqrt(dot(cross(m1, m2), cross(m1, m2))) > tiny * tiny))
        fail(LK_ERR_INVALID_ARGUMENT,
             "the landmarks have no extent (all 68 coincide along a line or a point); cannot "
             "estimate head pose");
    // The nearest orthonormal pair: split the angle between the two rows symmetrically about
    // their bisector, so that neither row is preferred.
    const Vec3 a = unit(m1), b = unit(m2);
    const Vec3 sum = unit(plus(a, b));
    const Vec3 diff = unit(minus(a, b));
    const double h = std::sqrt(0.5);
    const Vec3 r1 = unit(scaled(plus(sum, diff), h));
    const Vec3 r2 = unit(scaled(minus(sum, diff), h));
    const Vec3 r3 = cross(r1, r2);
    // R = Rz(roll) Ry(yaw) Rx(pitch): R20 = -sin(yaw), R21 = cos(yaw) sin(pitch),
    // R22 = cos(yaw) cos(pitch), R00 = cos(roll) cos(yaw), R10 = sin(roll) cos(yaw).
    HeadPose pose;
    pose.yaw = std::asin(std::clamp(-r3[0], -1.0, 1.0)) * degrees_per_radian;
    pose.pitch = std::atan2(r3[1], r3[2]) * degrees_per_radian;
    pose.roll = std::atan2(r2[0], r1[0]) * degrees_per_radian;
    return pose;
}

HeadPoseAngle::HeadPoseAngle(Axis axis)
    : Measure(axis == Axis::yaw ? measure_id::yaw
              : axis == Axis::pitch ? measure_id::pitch : measure_id::roll,
              "degrees"),
      axis_(axis) {}

double HeadPoseAngle::measure(const MeasureInput& input) const {
    const HeadPose pose = estimate_head_pose(input.face().landmarks);
    return axis_ == Axis::yaw ? pose.yaw : axis_ == Axis::pitch ? pose.pitch : pose.roll;
}

double HeadPoseAngle::component(double raw, const ScoringConfig&) const {
    const double c = std::max(0.0, std::cos(raw / degrees_per_radian));
    return 100 * c * c;
}

}  // namespace lk::quality
