// What the fuzzer and the corpus replay check of any prompt: windows() either refuses it with
// LK_ERR_INVALID_ARGUMENT or returns whole windows (BOS first, EOS last, finite weights).
#pragma once

#include "core/error.h"
#include "diffusion/clip_tokenizer.h"

#include <cmath>
#include <cstdlib>
#include <string_view>

namespace lk::test {

// True when the prompt was accepted; aborts on a broken promise, which both callers report.
inline bool check_clip_prompt(const diffusion::ClipTokenizer& tokenizer, std::string_view prompt) {
    diffusion::PromptWindows windows;
    try {
        windows = tokenizer.windows(prompt);
    } catch (const Error& e) {
        if (e.status() != LK_ERR_INVALID_ARGUMENT) std::abort();
        return false;
    }
    constexpr size_t n = diffusion::ClipTokenizer::kWindowLength;
    if (windows.count < 1 || windows.count > diffusion::ClipTokenizer::kMaxWindows ||
        windows.ids.size() != windows.count * n || windows.weights.size() != windows.ids.size())
        std::abort();
    for (size_t w = 0; w < windows.count; ++w)
        if (windows.ids[w * n] != tokenizer.bos() || windows.ids[w * n + n - 1] != tokenizer.eos()) std::abort();
    for (const float weight : windows.weights)
        if (!std::isfinite(weight)) std::abort();
    return true;
}

}  // namespace lk::test
