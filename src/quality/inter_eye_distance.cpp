#include "quality/inter_eye_distance.h"

#include "quality/head_pose.h"
#include "quality/report.h"

#include <cmath>
#include <limits>

namespace lk::quality {

InterEyeDistance::InterEyeDistance() : Measure(measure_id::inter_eye_distance, "pixels") {}

double InterEyeDistance::measure(const MeasureInput& input) const {
    const face::Landmarks68& landmarks = input.face().landmarks;
    const face::Point right = face::right_eye_centre(landmarks), left = face::left_eye_centre(landmarks);
    const double cos_yaw = std::cos(estimate_head_pose(landmarks).yaw / degrees_per_radian);
    if (std::abs(cos_yaw) < 1e-6) return std::numeric_limits<double>::quiet_NaN();
    return std::hypot(left.x - right.x, left.y - right.y) / cos_yaw;
}

}  // namespace lk::quality
