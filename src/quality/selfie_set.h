// The selfie-set check, the gate before likeness training: each photo accepted or rejected with
// reasons, then the set judged as a whole (count, one identity, near-duplicates, variety of pose
// and expression) with a verdict and advice. It judges photos already analysed by the face models
// and the quality measures (PhotoAnalysis); measures a photo lacks are not checked.
#pragma once

#include "quality/photo_analysis.h"

#include <nlohmann/json_fwd.hpp>

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace lk::quality {

struct SelfieSetOptions {
    // Below 10 photos a likeness model sees too few views to tell the person from each photo's
    // light and background; beyond 30 training takes longer for little gain.
    size_t min_photos = 10, max_photos = 30;
    // Detections below this confidence are not counted as faces (face-api's SSD detector's
    // default minimum confidence).
    double min_detector_score = 0.5;
    // A 512-px training crop of the head puts the eyes about 128 px apart: under 64 px the face
    // would be enlarged more than twice, and the model would learn the blur.
    double min_inter_eye_px = 64;
    // Past 45 degrees of yaw the far eye is hidden and the recognizer's descriptor unreliable;
    // past 30 degrees of pitch the same holds for the chin or the brows.
    double max_abs_yaw_deg = 45, max_abs_pitch_deg = 30;
    // Quality components (0..100, higher better) below which a photo is blurred, too dark or
    // bright, or has its eyes closed: 40, a little under the middle of the scale, rejects clear
    // faults and leaves borderline photos in.
    double min_sharpness = 40, min_exposure = 40, min_eyes_open = 40;
    // Euclidean distance of 128-d descriptors beyond which a photo is another person: face-api's
    // rule for its recognizer is "same person below 0.6".
    double max_identity_distance = 0.6;
    // Two photos are near-duplicates when their descriptors are this close (a third of the
    // same-person limit: burst shots and re-saved copies, not merely the same person) and their
    // yaw and pitch differ by at most max_duplicate_pose_deg.
    double max_duplicate_distance = 0.2, max_duplicate_pose_deg = 5;
    // Standard deviations over the accepted photos below which the set lacks variety: 8 degrees
    // of yaw is about one photo in ten turned 25-30 degrees among frontal ones, 4 of pitch one in
    // ten tilted 13 degrees; a mouth opening (inner-lip gap / mouth width) of 0.03 about one in
    // ten smiling with teeth (0.12) among closed mouths (0.02).
    double min_yaw_spread_deg = 8, min_pitch_spread_deg = 4, min_mouth_opening_spread = 0.03;
};

struct PhotoCheck {
    std::string source;
    bool accepted = false;
    std::vector<Reason> reasons;              // why it was rejected; empty when accepted
    std::optional<double> identity_distance;  // to the set's median descriptor, when known
};

struct NearDuplicate {
    size_t keep = 0, drop = 0;  // indices into the photos; drop is the one with the lower score
    double descriptor_distance = 0;
};

enum class SetVerdict { ready, usable_with_warnings, not_ready };
std::string_view verdict_name(SetVerdict verdict);  // "ready", "usable_with_warnings", "not_ready"

struct SelfieSetReport {
    std::vector<PhotoCheck> photos;  // in the input's order
    size_t accepted = 0;
    std::vector<NearDuplicate> near_duplicates;
    // Standard deviations over the accepted photos; empty when fewer than two carry the value.
    std::optional<double> yaw_spread_deg, pitch_spread_deg, mouth_opening_spread;
    std::vector<Reason> findings;  // about the set: count, identity, variety
    SetVerdict verdict = SetVerdict::not_ready;
    std::vector<std::string> advice;
};

// LK_ERR_INVALID_ARGUMENT for an unusable analysis (check_photo_analysis) or descriptors of
// different lengths.
SelfieSetReport check_selfie_set(const std::vector<PhotoAnalysis>& photos,
                                 const SelfieSetOptions& options);

nlohmann::json to_json(const SelfieSetReport& report);
// A readable summary: the verdict, one line per photo, the set's findings and the advice.
std::string to_text(const SelfieSetReport& report);

// The mouth's opening: the mean gap between the inner lips over the mouth's width (about 0.02
// closed, 0.1 to 0.2 smiling with teeth, above 0.3 wide open).
double mouth_opening(const face::Landmarks68& points);

}  // namespace lk::quality
