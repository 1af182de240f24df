// How raw measure values become 0-100 components, and how components weigh in the unified score.
//
// A mapping is OFIQ's sigmoid form Q = h * (a + s * sigmoid((x - x0) / w)), or, for a two-sided
// measure, the product of several such terms; the result is clipped to [0, 100] (not rounded, so
// that the unified score moves smoothly). Measures whose OFIQ mapping has another form (pose,
// luminance variance, over-exposure, dynamic range, illumination uniformity, single face present)
// keep that form in their own class and have no entry here.
#pragma once

#include <map>
#include <string>
#include <string_view>
#include <vector>

namespace lk::quality {

struct Sigmoid {
    double h = 100, a = 0, s = 1, x0 = 0, w = 1;
    double operator()(double x) const;
};

using Mapping = std::vector<Sigmoid>;

class ScoringConfig {
public:
    // The built-in defaults: OFIQ's constants where the measure is OFIQ's, ours elsewhere
    // (docs/face.md lists them).
    ScoringConfig();

    // The defaults, overridden by a JSON object of the form
    //   {"mappings": {"<measure id>": {"h": .., "a": .., "s": .., "x0": .., "w": ..}, ...},
    //    "unified_weights": {"<measure id>": <weight >= 0>, ...}}
    // where a mapping lists only the constants it changes, and a two-term mapping is given as an
    // array of two such objects. LK_ERR_INVALID_ARGUMENT (the status include/likeness/face.h
    // promises for a bad scoring config) naming the key for invalid JSON, unknown keys or ids,
    // non-numbers, w == 0, negative weights, or an array of the wrong length. `source` names the
    // text in messages (a path, or "memory").
    static ScoringConfig from_json(const std::string& text, const std::string& source = "memory");
    // LK_ERR_IO when the file cannot be read.
    static ScoringConfig from_file(const std::string& path);

    // The measure's mapping; LK_ERR_INVALID_ARGUMENT if the id has none.
    const Mapping& mapping(std::string_view id) const;
    // The component for raw value x: the product of the mapping's terms, clipped to [0, 100].
    double map(std::string_view id, double x) const;

    // The measures that enter the unified score, with their weights (see quality/assess.h).
    const std::map<std::string, double, std::less<>>& unified_weights() const { return weights_; }

private:
    std::map<std::string, Mapping, std::less<>> mappings_;
    std::map<std::string, double, std::less<>> weights_;
};

}  // namespace lk::quality
