#include "quality/crop_margin.h"

#include "quality/face_region.h"
#include "quality/report.h"

#include <cmath>

namespace lk::quality {

namespace {

std::string_view id_of(CropMargin::Side side) {
    switch (side) {
    case CropMargin::Side::left: return measure_id::crop_margin_left;
    case CropMargin::Side::right: return measure_id::crop_margin_right;
    case CropMargin::Side::top: return measure_id::crop_margin_top;
    case CropMargin::Side::bottom: return measure_id::crop_margin_bottom;
    }
    return {};
}

}  // namespace

CropMargin::CropMargin(Side side)
    : Measure(id_of(side), side == Side::left || side == Side::right ? "inter-eye distances"
                                                                      : "eye-to-chin distances"),
      side_(side) {}

double CropMargin::measure(const MeasureInput& input) const {
    const face::Landmarks68& landmarks = input.face().landmarks;
    const face::Point right = face::right_eye_centre(landmarks), left = face::left_eye_centre(landmarks);
    const double eye_distance = std::hypot(left.x - right.x, left.y - right.y);
    const double eye_y = (left.y + right.y) / 2.0;
    switch (side_) {
    case Side::left: return right.x / eye_distance;
    case Side::right: return (input.photo.width - left.x) / eye_distance;
    case Side::top: return eye_y / eye_chin_distance(landmarks);
    case Side::bottom: return (input.photo.height - eye_y) / eye_chin_distance(landmarks);
    }
    return 0;
}

}  // namespace lk::quality
