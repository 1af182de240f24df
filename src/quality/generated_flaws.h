// Flaws of a generated face: a score, reasons, and the keep/reject decision of the batch filter.
// The checks: a face is found, and confidently; its landmarks have a face's shape and its two
// sides match; the spectrum has no upsampling tail; it is neither under- nor overexposed.
#pragma once

#include "core/image.h"
#include "quality/photo_analysis.h"

#include <nlohmann/json_fwd.hpp>

#include <string>
#include <vector>

namespace lk::quality {

struct FlawOptions {
    // face-api's SSD default: below it a detector's "face" is as often something else.
    double min_detector_score = 0.5;
    // Procrustes distance to the best-posed mean face (landmark_shape.h). Posed mean faces
    // (yaw up to 50, pitch up to 30 degrees, camera 4 to 10 eye distances away) with landmark
    // noise of 3.5% of the eye distance stay under 0.08; shuffled landmarks are near 1.
    double max_procrustes_distance = 0.15;
    // Left-right mismatch in eye distances: the same noisy posed faces stay under 0.13 (2%
    // noise) to 0.17 (3.5%); 0.2 is one eye a fifth of the eye distance higher than the other.
    double max_asymmetry = 0.2;
    // Eye widths, corrected for the pose: posed faces with 2% noise stay under 1.5.
    double max_eye_width_ratio = 1.6;
    // High-frequency tail in dB (spectrum.h): camera photos under 0.7, nearest-neighbour 2x
    // upsampling 4 and more, zero insertion 35 and more on the demo photos.
    double max_spectral_tail_db = 2;
    // Exposure components (0..100) of the quality measures, as for selfies.
    double min_exposure = 40;
    // filter_decision keeps a face scoring at least this; each check scores 50 at its limit.
    double min_score = 50;
};

// One check's measured value and its 0..100 score: 100 at the ideal, 50 at the option's limit,
// 0 twice as far beyond it.
struct FlawCheck {
    std::string id;  // detection, landmark_shape, asymmetry, eye_width_ratio, spectral_tail,
                     // under_exposure, over_exposure
    double value = 0;
    double score = 0;
};

struct FlawReport {
    std::string source;
    double score = 0;  // the lowest check score: one flaw spoils a face
    std::vector<Reason> reasons;  // one per check that failed
    std::vector<FlawCheck> checks;
};

// Checks the best face of `analysis` and the pixels of `image` (the image it was computed from).
// LK_ERR_INVALID_ARGUMENT for an unusable analysis or an image of another size.
FlawReport assess_generated_face(const PhotoAnalysis& analysis, const Image& image,
                                 const FlawOptions& options);

struct FilterDecision {
    bool keep = false;
    std::vector<Reason> reasons;  // why it was rejected; empty when kept
};

// Keeps a face whose score reaches options.min_score.
FilterDecision filter_decision(const FlawReport& report, const FlawOptions& options);

nlohmann::json to_json(const FlawReport& report);

}  // namespace lk::quality
