// Every measure on one face, and the unified score.
#pragma once

#include "quality/measure.h"
#include "quality/report.h"
#include "quality/scoring_config.h"

namespace lk::quality {

// Runs all_measures() in measure_id::all's order. A measure that finds nothing to read (NaN raw
// value) gets component 0.
//
// The unified score: OFIQ's is a MagFace network we do not have, so ours is the weighted
// geometric mean of the components named in config.unified_weights() (by default, with weight 1
// each, the capture-related ones: sharpness, luminance mean and variance, under- and
// over-exposure, dynamic range, illumination uniformity, natural colour, compression artifacts,
// eyes open, mouth closed, yaw, pitch, roll):
//   unified = 100 * prod_i (max(c_i, 1) / 100)^(w_i / sum w),
// each component floored at 1 so that one failed measure pulls the score down hard (a zero would
// erase every other measure's information). It falls whenever any weighted component falls.
// 0 when every weight is 0.
FaceQuality assess(const MeasureInput& input, const ScoringConfig& config);

// The unified score of a report's components, as assess() computes it.
double unified_score(const FaceQuality& quality, const ScoringConfig& config);

}  // namespace lk::quality
