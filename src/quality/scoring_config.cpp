#include "quality/scoring_config.h"

#include "core/error.h"
#include "io/file.h"
#include "quality/report.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cmath>

namespace lk::quality {

using json = nlohmann::json;

double Sigmoid::operator()(double x) const {
    return h * (a + s / (1 + std::exp(-(x - x0) / w)));
}

namespace {

// A larger-is-better term (OFIQ's default a = 0, s = 1) and its smaller-is-better counterpart.
Sigmoid rising(double h, double x0, double w) { return {h, 0, 1, x0, w}; }
Sigmoid falling(double h, double x0, double w) { return {h, 1, -1, x0, w}; }

std::map<std::string, Mapping, std::less<>> default_mappings() {
    namespace id = measure_id;
    return {
        // Ours: a detector score of 0.5 is the midpoint, 0.9 and above is full marks.
        {std::string(id::detector_confidence), {rising(100, 0.5, 0.1)}},
        // Ours: a face box of 100 px is the midpoint (eyes about 40 px apart).
        {std::string(id::face_size), {rising(100, 100, 30)}},
        // OFIQ's InterEyeDistance, LeftwardCrop/RightwardCrop, MarginAbove/MarginBelow, HeadSize
        // (on |x - 0.45|), EyesOpen-style mouth constants, UnderExposurePrevention, NaturalColour.
        {std::string(id::inter_eye_distance), {rising(100, 70, 20)}},
        {std::string(id::head_size), {{200, 1, -1, 0, 0.05}}},
        {std::string(id::crop_margin_left), {rising(100, 0.9, 0.1)}},
        {std::string(id::crop_margin_right), {rising(100, 0.9, 0.1)}},
        {std::string(id::crop_margin_top), {rising(100, 1.4, 0.1)}},
        {std::string(id::crop_margin_bottom), {rising(100, 1.8, 0.1)}},
        // Ours, on the eye aspect ratio: open eyes sit near 0.3, closed ones below 0.1.
        {std::string(id::eyes_open), {rising(100, 0.12, 0.03)}},
        {std::string(id::mouth_closed), {falling(100, 0.2, 0.06)}},
        // Ours, on the Laplacian variance of the 128-px aligned face: a sharp studio portrait
        // gives about 870, one 3x3 box blur of it about 190, three about 64 (docs/face.md).
        {std::string(id::sharpness), {rising(100, 150, 50)}},
        // OFIQ's two-sided form: 100 * sigmoid((x - 0.2) / 0.05) * (1 - sigmoid((x - 0.8) / 0.05)).
        {std::string(id::luminance_mean), {rising(100, 0.2, 0.05), falling(1, 0.8, 0.05)}},
        {std::string(id::under_exposure), {{120, 0.832, -1, 0.92, 0.05}}},
        {std::string(id::natural_colour), {{200, 1, -1, 0, 10}}},
        // Ours, on the block-boundary ratio: 1 is no blocking; a portrait saved as JPEG gives
        // about 1.02 at quality 95, 1.3 at 50, 1.5 at 30 and 2.2 at 10 (docs/face.md).
        {std::string(id::compression_artifacts), {falling(100, 1.5, 0.12)}},
    };
}

// The capture-related measures: how the photo was taken, not how it was framed.
std::map<std::string, double, std::less<>> default_weights() {
    namespace id = measure_id;
    std::map<std::string, double, std::less<>> weights;
    for (std::string_view m : {id::sharpness, id::luminance_mean, id::luminance_variance,
                               id::under_exposure, id::over_exposure, id::dynamic_range,
                               id::illumination_uniformity, id::natural_colour,
                               id::compression_artifacts, id::eyes_open, id::mouth_closed, id::yaw,
                               id::pitch, id::roll})
        weights.emplace(m, 1.0);
    return weights;
}

double number(const json& value, const std::string& where, const std::string& source) {
    if (!value.is_number())
        fail(LK_ERR_INVALID_ARGUMENT, "scoring config {}: {} must be a number, got {}", source, where,
             value.dump());
    // JSON has no NaN or infinity, and the parser refuses numbers that overflow a double.
    return value.get<double>();
}

void override_term(Sigmoid& term, const json& object, const std::string& where,
                   const std::string& source) {
    if (!object.is_object())
        fail(LK_ERR_INVALID_ARGUMENT, "scoring config {}: {} must be an object of h, a, s, x0, w; got {}",
             source, where, object.dump());
    for (const auto& [key, value] : object.items()) {
        const std::string at = where + "." + key;
        if (key == "h") term.h = number(value, at, source);
        else if (key == "a") term.a = number(value, at, source);
        else if (key == "s") term.s = number(value, at, source);
        else if (key == "x0") term.x0 = number(value, at, source);
        else if (key == "w") term.w = number(value, at, source);
        else
            fail(LK_ERR_INVALID_ARGUMENT, "scoring config {}: unknown key {}; expected h, a, s, x0 or w",
                 source, printable(at));
    }
    if (term.w == 0)
        fail(LK_ERR_INVALID_ARGUMENT, "scoring config {}: {}.w must not be 0 (it divides)", source, where);
}

void override_mapping(Mapping& mapping, const json& value, const std::string& where,
                      const std::string& source) {
    if (value.is_object() && mapping.size() == 1) return override_term(mapping[0], value, where, source);
    if (!value.is_array() || value.size() != mapping.size())
        fail(LK_ERR_INVALID_ARGUMENT,
             "scoring config {}: {} has {} term{}; expected {}, got {}", source, where,
             mapping.size(), mapping.size() == 1 ? "" : "s",
             mapping.size() == 1 ? "an object (or an array of one)"
                                 : fmt::format("an array of {} objects", mapping.size()),
             value.dump());
    for (std::size_t i = 0; i < mapping.size(); ++i)
        override_term(mapping[i], value[i], fmt::format("{}[{}]", where, i), source);
}

bool known_id(std::string_view id) {
    return std::find(measure_id::all.begin(), measure_id::all.end(), id) != measure_id::all.end();
}

}  // namespace

ScoringConfig::ScoringConfig() : mappings_(default_mappings()), weights_(default_weights()) {}

ScoringConfig ScoringConfig::from_json(const std::string& text, const std::string& source) {
    const std::string name = printable(source);
    json root;
    try {
        root = json::parse(text);
    } catch (const json::exception& e) {
        fail(LK_ERR_INVALID_ARGUMENT, "scoring config {} is not valid JSON: {}", name, e.what());
    }
    if (!root.is_object())
        fail(LK_ERR_INVALID_ARGUMENT, "scoring config {} must be a JSON object, got {}", name, root.dump());
    ScoringConfig config;
    for (const auto& [key, value] : root.items()) {
        if (key != "mappings" && key != "unified_weights")
            fail(LK_ERR_INVALID_ARGUMENT,
                 "scoring config {}: unknown key \"{}\"; expected \"mappings\" or "
                 "\"unified_weights\"",
                 name, printable(key));
        if (!value.is_object())
            fail(LK_ERR_INVALID_ARGUMENT, "scoring config {}: \"{}\" must be an object keyed by measure id",
                 name, key);
        for (const auto& [id, entry] : value.items()) {
            const std::string where = key + "." + id;
            if (!known_id(id))
                fail(LK_ERR_INVALID_ARGUMENT, "scoring config {}: {} names no measure", name,
                     printable(where));
            if (key == "unified_weights") {
                const double weight = number(entry, where, name);
                if (weight < 0)
                    fail(LK_ERR_INVALID_ARGUMENT, "scoring config {}: {} must be >= 0, got {}", name, where,
                         weight);
                config.weights_[id] = weight;
                continue;
            }
            const auto mapping = config.mappings_.find(id);
            if (mapping == config.mappings_.end())
                fail(LK_ERR_INVALID_ARGUMENT,
                     "scoring config {}: {} has a fixed mapping of its own form (docs/face.md), "
                     "with no sigmoid constants to set",
                     name, where);
            override_mapping(mapping->second, entry, where, name);
        }
    }
    return config;
}

ScoringConfig ScoringConfig::from_file(const std::string& path) {
    const std::vector<uint8_t> bytes = io::read_file(path);
    return from_json(std::string(bytes.begin(), bytes.end()), path);
}

const Mapping& ScoringConfig::mapping(std::string_view id) const {
    const auto found = mappings_.find(id);
    if (found == mappings_.end())
        fail(LK_ERR_INVALID_ARGUMENT, "measure \"{}\" has no sigmoid mapping", printable(id));
    return found->second;
}

double ScoringConfig::map(std::string_view id, double x) const {
    double q = 1;
    for (const Sigmoid& term : mapping(id)) q *= term(x);
    return std::clamp(q, 0.0, 100.0);
}

}  // namespace lk::quality
