#include "quality/generated_flaws.h"

#include "core/error.h"
#include "quality/landmark_shape.h"
#include "quality/spectrum.h"

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <cmath>

namespace lk::quality {
namespace {

// Scores for "lower is better" values, 0 ideal: 100 at 0, 50 at the limit, 0 at twice the limit.
double score_below(double value, double limit) {
    return std::clamp(100 * (1 - value / (2 * limit)), 0.0, 100.0);
}

// Scores for "higher is better" values up to `best`: 0 at 0, 50 at the minimum, 100 at best.
double score_above(double value, double minimum, double best) {
    const double score = value >= minimum ? 50 + 50 * (value - minimum) / (best - minimum)
                                          : 50 * value / minimum;
    return std::clamp(score, 0.0, 100.0);
}

// Records a check; its reason counts when the check scored under 50, beyond its limit.
void record(FlawReport& report, std::string id, double value, double score, Reason reason) {
    report.checks.push_back({std::move(id), value, score});
    if (score < 50) report.reasons.push_back(std::move(reason));
}

void check_flaw_options(const FlawOptions& o) {
    // The limits divide the scores: zero would make every value infinitely far beyond them.
    check_options({
        {"min_detector_score", o.min_detector_score, 1e-6, 1 - 1e-6},
        {"max_procrustes_distance", o.max_procrustes_distance, 1e-6, 1},
        {"max_asymmetry", o.max_asymmetry, 1e-6, 1e3},
        {"max_eye_width_ratio", o.max_eye_width_ratio, 1 + 1e-6, 1e3},
        {"max_eye_check_yaw_deg", o.max_eye_check_yaw_deg, 0, 90},
        {"max_spectral_tail_db", o.max_spectral_tail_db, 1e-6, 1e3},
        {"min_exposure", o.min_exposure, 1e-6, 100 - 1e-6},
        {"min_score", o.min_score, 0, 100},
    });
}

void check_face(const face::Face& face, const FaceQuality& quality, const FlawOptions& o,
                FlawReport& out) {
    const double confidence = face.detection.score;
    record(out, "detection", confidence, score_above(confidence, o.min_detector_score, 1),
           {"weak_detection", fmt::format("weak face detection: confidence {:.2f}, at least {:.2f} "
                                          "expected of a clear face",
                                          confidence, o.min_detector_score)});

    const LandmarkShape shape = fit_landmark_shape(face.landmarks);
    record(out, "landmark_shape", shape.procrustes_distance,
           score_below(shape.procrustes_distance, o.max_procrustes_distance),
           {"implausible_landmarks",
            fmt::format("the landmarks do not form a face: Procrustes distance {:.2f} from the "
                        "mean face at its best-fitting pose, at most {:.2f}",
                        shape.procrustes_distance, o.max_procrustes_distance)});
    record(out, "asymmetry", shape.asymmetry, score_below(shape.asymmetry, o.max_asymmetry),
           {"asymmetric_face",
            fmt::format("the two sides of the face do not match: the {} differ by {:.2f} eye "
                        "distances, at most {:.2f}",
                        shape.most_asymmetric, shape.asymmetry, o.max_asymmetry)});
    if (std::abs(shape.yaw_deg) <= o.max_eye_check_yaw_deg)
        record(out, "eye_width_ratio", shape.eye_width_ratio,
               score_below(shape.eye_width_ratio - 1, o.max_eye_width_ratio - 1),
               {"unequal_eyes",
                fmt::format("eyes of different sizes: one is {:.2f} times as wide as the other "
                            "(allowing for the pose), at most {:.2f}",
                            shape.eye_width_ratio, o.max_eye_width_ratio)});

    auto exposure = [&](std::string_view id, const char* code, const char* what) {
        if (auto c = component(quality, id))
            record(out, std::string(id), *c, score_above(*c, o.min_exposure, 100),
                   {code, fmt::format("{}: {} score {:.0f}, at least {:.0f}", what, id, *c,
                                      o.min_exposure)});
    };
    exposure(measure_id::under_exposure, "underexposed", "underexposed");
    exposure(measure_id::over_exposure, "overexposed", "overexposed");
}

}  // namespace

FlawReport assess_generated_face(const PhotoAnalysis& analysis, const Image& image,
                                 const FlawOptions& options) {
    check_flaw_options(options);
    check_photo_analysis(analysis);
    if (image.width() != analysis.width || image.height() != analysis.height)
        fail(LK_ERR_INVALID_ARGUMENT,
             "photo {}: the image is {}x{} but its analysis is of a {}x{} image; expected the "
             "image the analysis was made from",
             printable(analysis.source), image.width(), image.height(), analysis.width,
             analysis.height);

    FlawReport report;
    report.source = analysis.source;
    if (analysis.faces.empty())
        record(report, "detection", 0, 0, {"no_face", "no face found"});
    else
        check_face(analysis.faces[0], analysis.quality[0], options, report);

    const double tail = high_frequency_tail_db(radial_spectrum(image.view()));
    record(report, "spectral_tail", tail, score_below(tail, options.max_spectral_tail_db),
           {"upsampling_artifacts",
            fmt::format("the spectrum rises {:.1f} dB towards the highest frequencies, at most "
                        "{:.1f}: the periodic pattern that upsampling layers leave",
                        tail, options.max_spectral_tail_db)});

    report.score = 100;
    for (const FlawCheck& c : report.checks) report.score = std::min(report.score, c.score);
    return report;
}

FilterDecision filter_decision(const FlawReport& report, const FlawOptions& options) {
    check_options({{"min_score", options.min_score, 0, 100}});
    FilterDecision decision;
    decision.keep = report.score >= options.min_score;
    if (decision.keep) return decision;
    decision.reasons = report.reasons;
    if (decision.reasons.empty()) {
        // A stricter min_score than 50 rejects faces no single check failed.
        const auto weakest = std::min_element(
            report.checks.begin(), report.checks.end(),
            [](const FlawCheck& a, const FlawCheck& b) { return a.score < b.score; });
        decision.reasons.push_back(
            {"low_score", fmt::format("score {:.0f}, at least {:.0f} required; the weakest check "
                                      "is {} ({:.0f})",
                                      report.score, options.min_score, weakest->id,
                                      weakest->score)});
    }
    return decision;
}

nlohmann::json to_json(const FlawReport& report) {
    nlohmann::json checks = nlohmann::json::array();
    for (const FlawCheck& c : report.checks)
        checks.push_back({{"id", c.id}, {"value", c.value}, {"score", c.score}});
    return {{"source", printable(report.source)},
            {"score", report.score},
            {"reasons", to_json(report.reasons)},
            {"checks", std::move(checks)}};
}

nlohmann::json to_json(const FlawReport& report, const FilterDecision& decision) {
    nlohmann::json out = to_json(report);
    out["keep"] = decision.keep;
    if (!decision.keep) out["reasons"] = to_json(decision.reasons);
    return out;
}

}  // namespace lk::quality
