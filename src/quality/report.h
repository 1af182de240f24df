// What the quality measures say about one face: each measure's raw value in its own unit and its
// 0-100 component (higher is better), and the unified score that sums them up.
#pragma once

#include <array>
#include <string>
#include <string_view>
#include <vector>

namespace lk::quality {

// The measures' identifiers, as they appear in reports, JSON and scoring configurations.
namespace measure_id {
inline constexpr std::string_view detector_confidence = "detector_confidence";
inline constexpr std::string_view face_size = "face_size";
inline constexpr std::string_view inter_eye_distance = "inter_eye_distance";
inline constexpr std::string_view head_size = "head_size";
inline constexpr std::string_view crop_margin_left = "crop_margin_left";
inline constexpr std::string_view crop_margin_right = "crop_margin_right";
inline constexpr std::string_view crop_margin_top = "crop_margin_top";
inline constexpr std::string_view crop_margin_bottom = "crop_margin_bottom";
inline constexpr std::string_view yaw = "yaw";
inline constexpr std::string_view pitch = "pitch";
inline constexpr std::string_view roll = "roll";
inline constexpr std::string_view eyes_open = "eyes_open";
inline constexpr std::string_view mouth_closed = "mouth_closed";
inline constexpr std::string_view sharpness = "sharpness";
inline constexpr std::string_view luminance_mean = "luminance_mean";
inline constexpr std::string_view luminance_variance = "luminance_variance";
inline constexpr std::string_view under_exposure = "under_exposure";
inline constexpr std::string_view over_exposure = "over_exposure";
inline constexpr std::string_view dynamic_range = "dynamic_range";
inline constexpr std::string_view illumination_uniformity = "illumination_uniformity";
inline constexpr std::string_view natural_colour = "natural_colour";
inline constexpr std::string_view compression_artifacts = "compression_artifacts";
inline constexpr std::string_view single_face_present = "single_face_present";

// Every id, in the order reports list them.
inline constexpr std::array<std::string_view, 23> all = {
    detector_confidence, face_size, inter_eye_distance, head_size, crop_margin_left,
    crop_margin_right, crop_margin_top, crop_margin_bottom, yaw, pitch, roll, eyes_open,
    mouth_closed, sharpness, luminance_mean, luminance_variance, under_exposure, over_exposure,
    dynamic_range, illumination_uniformity, natural_colour, compression_artifacts,
    single_face_present};
}  // namespace measure_id

struct MeasureResult {
    std::string id;         // one of measure_id
    double raw = 0;         // in the measure's unit (see docs/face.md)
    double component = 0;   // 0..100 through the measure's mapping
};

struct FaceQuality {
    std::vector<MeasureResult> measures;
    double unified = 0;  // 0..100

    // The measure with this id, or nullptr.
    const MeasureResult* find(std::string_view id) const;
};

}  // namespace lk::quality
