#include "diffusion/prompt_attention.h"

#include "core/error.h"

#include <cctype>
#include <cmath>
#include <cstdlib>
#include <limits>

namespace lk::diffusion {
namespace {

constexpr double kRoundFactor = 1.1;
constexpr double kSquareFactor = 1 / 1.1;

bool is_space(char c) { return std::isspace(static_cast<unsigned char>(c)) != 0; }

// At `at`, a ':' opening an explicit weight: ":" spaces [+-]? [.0-9]+ spaces ")". On a match,
// `weight_text` is the number's text and the return value the length matched; 0 otherwise.
size_t explicit_weight(std::string_view text, size_t at, std::string_view& weight_text) {
    size_t i = at + 1;
    while (i < text.size() && is_space(text[i])) ++i;
    const size_t start = i;
    if (i < text.size() && (text[i] == '+' || text[i] == '-')) ++i;
    const size_t digits = i;
    while (i < text.size() && (text[i] == '.' || std::isdigit(static_cast<unsigned char>(text[i])))) ++i;
    if (i == digits) return 0;
    weight_text = text.substr(start, i - start);
    while (i < text.size() && is_space(text[i])) ++i;
    return i < text.size() && text[i] == ')' ? i + 1 - at : 0;
}

double parse_weight(std::string_view text) {
    const std::string number(text);
    char* end = nullptr;
    const double value = std::strtod(number.c_str(), &end);
    if (number.empty() || end != number.c_str() + number.size())
        fail(LK_ERR_INVALID_ARGUMENT, "prompt emphasis weight \"{}\" is not a number; expected e.g. (word:1.3)",
             printable(number));
    return value;
}

}  // namespace

std::vector<WeightedText> parse_prompt_attention(std::string_view prompt) {
    std::vector<WeightedText> parts;
    std::vector<size_t> round, square;  // where each open bracket's text begins in `parts`
    const auto multiply_from = [&](size_t first, double factor) {
        for (size_t p = first; p < parts.size(); ++p) parts[p].weight *= factor;
    };
    for (size_t at = 0; at < prompt.size();) {
        const char c = prompt[at];
        std::string_view weight_text;
        size_t weight_length = 0;
        if (c == '\\') {
            // An escaped bracket or backslash is that character; a lone backslash is dropped.
            const bool escapes = at + 1 < prompt.size() && std::string_view("()[]\\").find(prompt[at + 1]) !=
                                                                   std::string_view::npos;
            parts.push_back({escapes ? std::string(1, prompt[at + 1]) : std::string(), 1.0});
            at += escapes ? 2 : 1;
        } else if (c == '(') {
            round.push_back(parts.size());
            ++at;
        } else if (c == '[') {
            square.push_back(parts.size());
            ++at;
        } else if (c == ':' && !round.empty() && (weight_length = explicit_weight(prompt, at, weight_text))) {
            multiply_from(round.back(), parse_weight(weight_text));
            round.pop_back();
            at += weight_length;
        } else if (c == ')' && !round.empty()) {
            multiply_from(round.back(), kRoundFactor);
            round.pop_back();
            ++at;
        } else if (c == ']' && !square.empty()) {
            multiply_from(square.back(), kSquareFactor);
            square.pop_back();
            ++at;
        } else {
            // Plain text up to the next character with a meaning; a lone ':' or unmatched bracket
            // is text by itself.
            size_t end = at + 1;
            if (c != ':' && c != ')' && c != ']')
                while (end < prompt.size() && std::string_view("\\()[]:").find(prompt[end]) == std::string_view::npos)
                    ++end;
            parts.push_back({std::string(prompt.substr(at, end - at)), 1.0});
            at = end;
        }
    }
    for (const size_t first : round) multiply_from(first, kRoundFactor);
    for (const size_t first : square) multiply_from(first, kSquareFactor);

    std::vector<WeightedText> joined;
    for (WeightedText& part : parts) {
        if (!joined.empty() && joined.back().weight == part.weight)
            joined.back().text += part.text;
        else
            joined.push_back(std::move(part));
    }
    // Weights reach the text encoder as floats; nesting can carry a large one past their range.
    for (const WeightedText& part : joined)
        if (!(std::fabs(part.weight) <= std::numeric_limits<float>::max()))
            fail(LK_ERR_INVALID_ARGUMENT, "prompt emphasis gives \"{}\" a weight of {}; expected at most {} in magnitude",
                 printable(part.text.substr(0, 40)), part.weight, std::numeric_limits<float>::max());
    if (joined.empty()) joined.push_back({"", 1.0});
    return joined;
}

}  // namespace lk::diffusion
