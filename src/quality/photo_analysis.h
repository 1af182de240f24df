// What the face models and the quality measures found in one photo: the input of the selfie-set
// check and of the generated-face flaw check, which judge photos that were analysed before.
#pragma once

#include "face/geometry.h"
#include "quality/report.h"

#include <nlohmann/json_fwd.hpp>

#include <cstdint>
#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace lk::quality {

struct PhotoAnalysis {
    std::string source;  // names the photo in reports (a path, or any label)
    uint32_t width = 0, height = 0;
    std::vector<face::Face> faces;       // best first
    std::vector<FaceQuality> quality;    // one per face, in the same order
};

// Throws LK_ERR_INVALID_ARGUMENT, naming the photo, unless the analysis is usable: a non-zero
// size, one quality entry per face, finite landmarks, finite descriptors.
void check_photo_analysis(const PhotoAnalysis& photo);

// A check's option and the range it must lie in.
struct OptionRange {
    const char* name;
    double value, low, high;
};
// Throws LK_ERR_INVALID_ARGUMENT, naming the first option that is not a number in its range.
void check_options(std::initializer_list<OptionRange> options);

// Why a check refused a photo or warns about a set: a stable code for programs and a sentence
// for people.
struct Reason {
    std::string code;
    std::string message;
};
// [{"code": ..., "message": ...}, ...]
nlohmann::json to_json(const std::vector<Reason>& reasons);

// A measure's raw value or component, when the face's quality report has it (the checks skip
// what was not measured).
std::optional<double> raw_value(const FaceQuality& quality, std::string_view id);
std::optional<double> component(const FaceQuality& quality, std::string_view id);

}  // namespace lk::quality
