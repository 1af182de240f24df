#include "quality/selfie_set.h"

#include "core/error.h"

#include <fmt/format.h>
#include <fmt/ranges.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <cmath>

namespace lk::quality {
namespace {

double distance(face::Point a, face::Point b) { return std::hypot(a.x - b.x, a.y - b.y); }

double descriptor_distance(const std::vector<float>& a, const std::vector<float>& b) {
    double sum = 0;
    for (size_t i = 0; i < a.size(); ++i) sum += double(a[i] - b[i]) * (a[i] - b[i]);
    return std::sqrt(sum);
}

double median(std::vector<double> values) {
    const size_t mid = values.size() / 2;
    std::nth_element(values.begin(), values.begin() + mid, values.end());
    if (values.size() % 2) return values[mid];
    return (values[mid] + *std::max_element(values.begin(), values.begin() + mid)) / 2;
}

std::optional<double> standard_deviation(const std::vector<double>& values) {
    if (values.size() < 2) return std::nullopt;
    double mean = 0, square = 0;
    for (double v : values) mean += v;
    mean /= double(values.size());
    for (double v : values) square += (v - mean) * (v - mean);
    return std::sqrt(square / double(values.size()));
}

size_t confident_faces(const PhotoAnalysis& photo, const SelfieSetOptions& options) {
    return size_t(std::count_if(photo.faces.begin(), photo.faces.end(), [&](const face::Face& f) {
        return f.detection.score >= options.min_detector_score;
    }));
}

double inter_eye_px(const face::Face& face, const FaceQuality& quality) {
    namespace lm = face::landmark;
    if (auto measured = raw_value(quality, measure_id::inter_eye_distance)) return *measured;
    return distance(face::centroid(face.landmarks, lm::right_eye_first, lm::right_eye_last),
                    face::centroid(face.landmarks, lm::left_eye_first, lm::left_eye_last));
}

// The checks one photo must pass on its own, in the order a person would fix them.
std::vector<Reason> photo_reasons(const PhotoAnalysis& photo, const SelfieSetOptions& o) {
    const size_t faces = confident_faces(photo, o);
    if (faces == 0) {
        if (photo.faces.empty()) return {{"no_face", "no face found"}};
        return {{"no_face", fmt::format("no confident face: the best detection scores {:.2f}, "
                                        "below {:.2f}",
                                        photo.faces[0].detection.score, o.min_detector_score)}};
    }
    if (faces > 1)
        return {{"several_faces",
                 fmt::format("{} faces found: a selfie set needs the one person alone in each "
                             "photo, or the model learns the others too",
                             faces)}};
    const face::Face& face = photo.faces[0];
    const FaceQuality& quality = photo.quality[0];
    std::vector<Reason> reasons;
    if (double eyes = inter_eye_px(face, quality); eyes < o.min_inter_eye_px)
        reasons.push_back({"face_too_small",
                           fmt::format("face too small: eyes {:.0f} px apart, at least {:.0f} "
                                       "needed; take the photo closer or at a higher resolution",
                                       eyes, o.min_inter_eye_px)});
    auto component_below = [&](std::string_view id, double minimum, const char* code,
                               const char* what) {
        if (auto c = component(quality, id); c && *c < minimum)
            reasons.push_back({code, fmt::format("{} ({} score {:.0f}, at least {:.0f} needed)",
                                                 what, id, *c, minimum)});
    };
    component_below(measure_id::sharpness, o.min_sharpness, "blurred",
                    "blurred: hold the camera still and focus on the face");
    component_below(measure_id::under_exposure, o.min_exposure, "too_dark",
                    "too dark: face the light");
    component_below(measure_id::over_exposure, o.min_exposure, "too_bright",
                    "too bright: the face is washed out; avoid direct sun and flash");
    component_below(measure_id::eyes_open, o.min_eyes_open, "eyes_closed", "eyes closed");
    auto angle_above = [&](std::string_view id, double maximum, const char* what) {
        if (auto a = raw_value(quality, id); a && std::abs(*a) > maximum)
            reasons.push_back({"strong_pose", fmt::format("head {} too far: {} {:.0f} degrees, "
                                                          "at most {:.0f}",
                                                          what, id, *a, maximum)});
    };
    angle_above(measure_id::yaw, o.max_abs_yaw_deg, "turned");
    angle_above(measure_id::pitch, o.max_abs_pitch_deg, "tilted");
    return reasons;
}

void check_set_options(const SelfieSetOptions& o) {
    if (o.min_photos > o.max_photos)
        fail(LK_ERR_INVALID_ARGUMENT, "min_photos {} is above max_photos {}", o.min_photos,
             o.max_photos);
    check_options({
        {"min_detector_score", o.min_detector_score, 0, 1},
        {"min_inter_eye_px", o.min_inter_eye_px, 0, 1e5},
        {"max_abs_yaw_deg", o.max_abs_yaw_deg, 0, 180},
        {"max_abs_pitch_deg", o.max_abs_pitch_deg, 0, 180},
        {"min_sharpness", o.min_sharpness, 0, 100},
        {"min_exposure", o.min_exposure, 0, 100},
        {"min_eyes_open", o.min_eyes_open, 0, 100},
        {"max_identity_distance", o.max_identity_distance, 0, 1e3},
        {"max_duplicate_distance", o.max_duplicate_distance, 0, 1e3},
        {"max_duplicate_pose_deg", o.max_duplicate_pose_deg, 0, 360},
        {"min_yaw_spread_deg", o.min_yaw_spread_deg, 0, 180},
        {"min_pitch_spread_deg", o.min_pitch_spread_deg, 0, 180},
        {"min_mouth_opening_spread", o.min_mouth_opening_spread, 0, 10},
    });
}

void check_descriptor_lengths(const std::vector<PhotoAnalysis>& photos) {
    const std::vector<float>* first = nullptr;
    const PhotoAnalysis* first_photo = nullptr;
    for (const PhotoAnalysis& photo : photos)
        for (const face::Face& face : photo.faces) {
            if (face.descriptor.empty()) continue;
            if (!first) {
                first = &face.descriptor;
                first_photo = &photo;
            } else if (face.descriptor.size() != first->size()) {
                fail(LK_ERR_INVALID_ARGUMENT,
                     "photo {}: a descriptor of {} values, but photo {} has {}; expected one "
                     "recognizer for the whole set",
                     printable(photo.source), face.descriptor.size(),
                     printable(first_photo->source), first->size());
            }
        }
}

void reject(PhotoCheck& check, Reason reason) {
    check.accepted = false;
    check.reasons.push_back(std::move(reason));
}

// Rejects the photos whose descriptor lies far from the element-wise median of the accepted
// ones: the median, unlike the mean, stays on the person while a few strangers are in the set.
void check_identity(const std::vector<PhotoAnalysis>& photos, const SelfieSetOptions& o,
                    SelfieSetReport& report) {
    std::vector<size_t> with_descriptor;
    size_t without = 0;
    for (size_t i = 0; i < photos.size(); ++i) {
        if (!report.photos[i].accepted) continue;
        if (photos[i].faces[0].descriptor.empty()) ++without;
        else with_descriptor.push_back(i);
    }
    if (without > 0)
        report.findings.push_back(
            {"identity_unchecked",
             fmt::format("{} accepted photo{} no identity descriptor: photos of someone else "
                         "cannot be found among them",
                         without, without == 1 ? " has" : "s have")});
    if (with_descriptor.size() < 3) {
        if (!with_descriptor.empty())
            report.findings.push_back(
                {"identity_unchecked", "fewer than 3 photos with descriptors: no median to "
                                       "compare them with"});
        return;
    }
    const size_t length = photos[with_descriptor[0]].faces[0].descriptor.size();
    std::vector<float> centre(length);
    std::vector<double> column(with_descriptor.size());
    for (size_t k = 0; k < length; ++k) {
        for (size_t j = 0; j < with_descriptor.size(); ++j)
            column[j] = photos[with_descriptor[j]].faces[0].descriptor[k];
        centre[k] = float(median(column));
    }
    for (size_t i : with_descriptor) {
        const double d = descriptor_distance(photos[i].faces[0].descriptor, centre);
        report.photos[i].identity_distance = d;
        if (d > o.max_identity_distance)
            reject(report.photos[i],
                   {"not_the_same_person",
                    fmt::format("not the same person: descriptor distance {:.2f} from the set's "
                                "median face, the same person stays under {:.2f}",
                                d, o.max_identity_distance)});
    }
}

void check_near_duplicates(const std::vector<PhotoAnalysis>& photos, const SelfieSetOptions& o,
                           SelfieSetReport& report) {
    auto pose_close = [&](const FaceQuality& a, const FaceQuality& b) {
        for (std::string_view id : {measure_id::yaw, measure_id::pitch}) {
            auto x = raw_value(a, id), y = raw_value(b, id);
            if (x && y && std::abs(*x - *y) > o.max_duplicate_pose_deg) return false;
        }
        return true;
    };
    for (size_t i = 0; i < photos.size(); ++i)
        for (size_t j = i + 1; j < photos.size() && report.photos[i].accepted; ++j) {
            if (!report.photos[j].accepted) continue;
            const face::Face &a = photos[i].faces[0], &b = photos[j].faces[0];
            if (a.descriptor.empty() || b.descriptor.empty()) continue;
            const double d = descriptor_distance(a.descriptor, b.descriptor);
            if (d > o.max_duplicate_distance ||
                !pose_close(photos[i].quality[0], photos[j].quality[0]))
                continue;
            // Keep the better photo; on a tie the earlier one.
            const bool keep_i = photos[i].quality[0].unified >= photos[j].quality[0].unified;
            const size_t keep = keep_i ? i : j, drop = keep_i ? j : i;
            report.near_duplicates.push_back({keep, drop, d});
            reject(report.photos[drop],
                   {"near_duplicate",
                    fmt::format("{} is nearly the same photo (descriptor distance {:.2f}, pose "
                                "within {:.0f} degrees) and scores at least as high: keep it and "
                                "drop this one",
                                printable(photos[keep].source), d, o.max_duplicate_pose_deg)});
        }
}

void check_variety(const std::vector<PhotoAnalysis>& photos, const SelfieSetOptions& o,
                   SelfieSetReport& report) {
    std::vector<double> yaw, pitch, mouth;
    for (size_t i = 0; i < photos.size(); ++i) {
        if (!report.photos[i].accepted) continue;
        if (auto v = raw_value(photos[i].quality[0], measure_id::yaw)) yaw.push_back(*v);
        if (auto v = raw_value(photos[i].quality[0], measure_id::pitch)) pitch.push_back(*v);
        mouth.push_back(mouth_opening(photos[i].faces[0].landmarks));
    }
    report.yaw_spread_deg = standard_deviation(yaw);
    report.pitch_spread_deg = standard_deviation(pitch);
    report.mouth_opening_spread = standard_deviation(mouth);
    const auto& y = report.yaw_spread_deg;
    const auto& p = report.pitch_spread_deg;
    // Only the axes that fall short are named: a set turned left and right but never up or down
    // lacks pitch, not yaw.
    std::vector<std::string> short_axes;
    if (y && *y < o.min_yaw_spread_deg)
        short_axes.push_back(fmt::format("yaw varies by {:.1f} degrees (at least {:.0f} wanted)", *y,
                                         o.min_yaw_spread_deg));
    if (p && *p < o.min_pitch_spread_deg)
        short_axes.push_back(fmt::format("pitch varies by {:.1f} degrees (at least {:.0f} wanted)", *p,
                                         o.min_pitch_spread_deg));
    if (!short_axes.empty())
        report.findings.push_back(
            {"no_pose_variety", "no pose variety: " + fmt::format("{}", fmt::join(short_axes, ", "))});
    const auto& m = report.mouth_opening_spread;
    if (m && *m < o.min_mouth_opening_spread)
        report.findings.push_back(
            {"no_expression_variety",
             fmt::format("no expression variety: mouth opening varies by {:.3f} (at least {:.3f} "
                         "wanted)",
                         *m, o.min_mouth_opening_spread)});
}

std::string advice_for(const Reason& finding, const SelfieSetOptions& o, size_t accepted) {
    if (finding.code == "too_few_photos")
        return fmt::format("Add {} or more good photos: {} to {} are recommended.",
                           o.min_photos - accepted, o.min_photos, o.max_photos);
    if (finding.code == "too_many_photos")
        return fmt::format("Keep the best {} photos: more make training slower for little gain.",
                           o.max_photos);
    if (finding.code == "no_pose_variety")
        return "Add photos with the head turned a little left, right, up and down, not only "
               "straight at the camera.";
    if (finding.code == "no_expression_variety")
        return "Add photos with other expressions: a smile showing teeth, a neutral face.";
    // identity_unchecked
    return "Run the face recognizer on every photo so that the identity check can run.";
}

std::string spread_text(const std::optional<double>& spread, const char* format) {
    return spread ? fmt::format(fmt::runtime(format), *spread) : "not measured";
}

}  // namespace

double mouth_opening(const face::Landmarks68& p) {
    // Inner-lip pairs above and below each other: 61-67, 62-66, 63-65; corners 48 and 54.
    const double gap =
        (distance(p[61], p[67]) + distance(p[62], p[66]) + distance(p[63], p[65])) / 3;
    const double width = distance(p[48], p[54]);
    return width > 0 ? gap / width : 0;
}

std::string_view verdict_name(SetVerdict verdict) {
    switch (verdict) {
    case SetVerdict::ready: return "ready";
    case SetVerdict::usable_with_warnings: return "usable_with_warnings";
    case SetVerdict::not_ready: return "not_ready";
    }
    return "not_ready";
}

SelfieSetReport check_selfie_set(const std::vector<PhotoAnalysis>& photos,
                                 const SelfieSetOptions& options) {
    check_set_options(options);
    for (const PhotoAnalysis& photo : photos) check_photo_analysis(photo);
    check_descriptor_lengths(photos);

    SelfieSetReport report;
    for (const PhotoAnalysis& photo : photos) {
        PhotoCheck check{photo.source, false, photo_reasons(photo, options), std::nullopt};
        check.accepted = check.reasons.empty();
        report.photos.push_back(std::move(check));
    }
    check_identity(photos, options, report);
    check_near_duplicates(photos, options, report);
    check_variety(photos, options, report);

    report.accepted = size_t(std::count_if(report.photos.begin(), report.photos.end(),
                                           [](const PhotoCheck& c) { return c.accepted; }));
    const bool too_few = report.accepted < options.min_photos;
    if (too_few)
        report.findings.insert(
            report.findings.begin(),
            {"too_few_photos",
             fmt::format("too few photos: {} accepted of {}, {} to {} recommended",
                         report.accepted, photos.size(), options.min_photos, options.max_photos)});
    else if (report.accepted > options.max_photos)
        report.findings.insert(
            report.findings.begin(),
            {"too_many_photos", fmt::format("{} accepted photos, {} to {} recommended",
                                            report.accepted, options.min_photos,
                                            options.max_photos)});

    report.verdict = too_few                    ? SetVerdict::not_ready
                     : report.findings.empty()  ? SetVerdict::ready
                                                : SetVerdict::usable_with_warnings;
    if (const size_t rejected = photos.size() - report.accepted; rejected > 0)
        report.advice.push_back(fmt::format(
            "Leave out or replace the {} rejected photo{}; each says why it was rejected.",
            rejected, rejected == 1 ? "" : "s"));
    for (const Reason& finding : report.findings) {
        std::string advice = advice_for(finding, options, report.accepted);
        if (std::find(report.advice.begin(), report.advice.end(), advice) == report.advice.end())
            report.advice.push_back(std::move(advice));
    }
    return report;
}

nlohmann::json to_json(const SelfieSetReport& report) {
    auto optional = [](const std::optional<double>& v) {
        return v ? nlohmann::json(*v) : nlohmann::json(nullptr);
    };
    nlohmann::json photos = nlohmann::json::array();
    for (const PhotoCheck& p : report.photos)
        photos.push_back({{"source", printable(p.source)},
                          {"accepted", p.accepted},
                          {"identity_distance", optional(p.identity_distance)},
                          {"reasons", to_json(p.reasons)}});
    nlohmann::json duplicates = nlohmann::json::array();
    for (const NearDuplicate& d : report.near_duplicates)
        duplicates.push_back({{"keep", printable(report.photos[d.keep].source)},
                              {"drop", printable(report.photos[d.drop].source)},
                              {"descriptor_distance", d.descriptor_distance}});
    return {{"verdict", verdict_name(report.verdict)},
            {"photo_count", report.photos.size()},
            {"accepted_count", report.accepted},
            {"photos", std::move(photos)},
            {"near_duplicates", std::move(duplicates)},
            {"variety",
             {{"yaw_spread_deg", optional(report.yaw_spread_deg)},
              {"pitch_spread_deg", optional(report.pitch_spread_deg)},
              {"mouth_opening_spread", optional(report.mouth_opening_spread)}}},
            {"findings", to_json(report.findings)},
            {"advice", report.advice}};
}

std::string to_text(const SelfieSetReport& report) {
    std::string verdict(verdict_name(report.verdict));
    std::replace(verdict.begin(), verdict.end(), '_', ' ');
    std::string out = fmt::format("Selfie set: {} of {} photos accepted; {}\n", report.accepted,
                                  report.photos.size(), verdict);
    for (const PhotoCheck& p : report.photos) {
        out += fmt::format("  {:<8} {}", p.accepted ? "ok" : "rejected", printable(p.source));
        if (p.identity_distance)
            out += fmt::format(" (identity distance {:.2f})", *p.identity_distance);
        out += '\n';
        for (const Reason& r : p.reasons) out += fmt::format("           - {}\n", r.message);
    }
    out += fmt::format("Variety over the accepted photos (standard deviations): yaw {}, pitch {}, "
                       "mouth opening {}\n",
                       spread_text(report.yaw_spread_deg, "{:.1f} degrees"),
                       spread_text(report.pitch_spread_deg, "{:.1f} degrees"),
                       spread_text(report.mouth_opening_spread, "{:.3f}"));
    if (!report.findings.empty()) out += "The set:\n";
    for (const Reason& f : report.findings) out += fmt::format("  - {}\n", f.message);
    if (!report.advice.empty()) out += "Advice:\n";
    for (const std::string& a : report.advice) out += fmt::format("  - {}\n", a);
    return out;
}

}  // namespace lk::quality
