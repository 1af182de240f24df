// A1111-style emphasis in prompts: "(word)" weighs the text inside 1.1 times, "[word]" 1/1.1
// times, "(word:1.3)" 1.3 times; brackets nest and their factors multiply; an unclosed bracket
// applies to the end of the prompt, an unmatched closing one is plain text. "\(", "\)", "\[",
// "\]" and "\\" stand for the character itself; any other backslash is dropped, as Automatic1111's
// web UI drops it. A1111's "BREAK" keyword and its back-tracking to a comma when chunking are
// left out: windows are plain 75-token chunks.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace lk::diffusion {

struct WeightedText {
    std::string text;
    double weight = 1.0;
};

// The prompt as runs of text with their weights, neighbours of equal weight joined; an empty
// prompt gives one empty run of weight 1. An explicit weight that is not a number (such as
// "1.2.3") or a weight beyond float's range is LK_ERR_INVALID_ARGUMENT naming it.
std::vector<WeightedText> parse_prompt_attention(std::string_view prompt);

}  // namespace lk::diffusion
