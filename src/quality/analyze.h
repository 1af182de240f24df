// One photo through the face models and every quality measure: the PhotoAnalysis that reports,
// the selfie-set check and the generated-face filter read.
#pragma once

#include "face/analyzer.h"
#include "quality/photo_analysis.h"
#include "quality/scoring_config.h"

#include <likeness/image.h>

#include <string>

namespace lk::quality {

// Every face in a 1-4 channel 8-bit view (converted to RGB once) with, when `config` is not null,
// each face's quality. `source` names the photo in reports.
PhotoAnalysis analyze_photo(const face::Analyzer& analyzer, const lk_image_view& view,
                            const ScoringConfig* config, std::string source);

}  // namespace lk::quality
