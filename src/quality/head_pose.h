// Head pose from 68 landmarks: a scaled-orthographic least-squares fit of the generic 3-D face
// (face/mean_shape.h), and the yaw, pitch and roll measures read from it.
#pragma once

#include "face/geometry.h"
#include "quality/measure.h"

namespace lk::quality {

inline constexpr double degrees_per_radian = 180.0 / 3.14159265358979323846;

// Degrees. The fitted rotation R takes the generic face to the observed one as
// R = Rz(roll) * Ry(yaw) * Rx(pitch), in image axes (x right, y down, z towards the camera):
// yaw > 0 turns the nose towards the image's right, pitch > 0 lifts it (face looks up), roll > 0
// turns the face clockwise on screen (the eye line's angle from the x axis).
struct HeadPose {
    double yaw = 0, pitch = 0, roll = 0;
};

// Fits M (2x3) minimising sum |p_i - t - M P_i|^2 over the 68 points in closed form, then takes
// the nearest scaled pair of orthonormal rows as the first two rows of R. Exact when the
// landmarks are a scaled orthographic view of the generic face; for other faces the angles are
// those of the best-fitting view. LK_ERR_INVALID_ARGUMENT for non-finite or coinciding landmarks.
HeadPose estimate_head_pose(const face::Landmarks68& landmarks);

// One of the three angles; component 100 * max(0, cos(angle))^2 (OFIQ's form, no constants).
class HeadPoseAngle final : public Measure {
public:
    enum class Axis { yaw, pitch, roll };
    explicit HeadPoseAngle(Axis axis);
    double measure(const MeasureInput& input) const override;
    double component(double raw, const ScoringConfig& config) const override;

private:
    Axis axis_;
};

}  // namespace lk::quality
