#include "diffusion/prompt_embedding.h"

#include <ATen/TensorOperators.h>
#include <ATen/ops/cat.h>
#include <ATen/ops/from_blob.h>
#include <ATen/ops/mean.h>

#include <algorithm>
#include <vector>

namespace lk::diffusion {

namespace {

constexpr int64_t kLength = ClipTokenizer::kWindowLength;

// Window w of `windows` through the encoder, batch 1 as diffusers runs it, so that its float
// operations (and so its rounding) are diffusers'.
at::Tensor embed_window(const TextEncoder& encoder, const PromptWindows& windows, size_t w, int64_t clip_skip) {
    const int32_t* ids = windows.ids.data() + w * kLength;
    const at::Tensor tokens = at::from_blob(const_cast<int32_t*>(ids), {1, kLength}, at::kInt)
                                  .to(encoder.placement().device, at::kLong);
    const at::Tensor hidden = encoder(tokens, clip_skip);
    const float* weights = windows.weights.data() + w * kLength;
    if (std::all_of(weights, weights + kLength, [](float weight) { return weight == 1.0f; })) return hidden;
    // A1111's emphasis in float32: weigh each token, then restore the window's mean.
    const at::Tensor z = hidden.to(at::kFloat);
    const at::Tensor scale = at::from_blob(const_cast<float*>(weights), {1, kLength, 1}, at::kFloat).to(z.device());
    const at::Tensor weighted = z * scale;
    return (weighted * (z.mean() / weighted.mean())).to(hidden.scalar_type());
}

// The prompt's windows, then windows of the empty prompt up to `count`.
at::Tensor embed(const TextEncoder& encoder, const PromptWindows& windows, size_t count, const at::Tensor& empty,
                 int64_t clip_skip) {
    std::vector<at::Tensor> parts;
    for (size_t w = 0; w < windows.count; ++w) parts.push_back(embed_window(encoder, windows, w, clip_skip));
    for (size_t w = windows.count; w < count; ++w) parts.push_back(empty);
    return parts.size() == 1 ? parts[0] : at::cat(parts, 1);
}

}  // namespace

PromptEmbeddings embed_prompts(const ClipTokenizer& tokenizer, const TextEncoder& encoder, std::string_view prompt,
                               std::string_view negative_prompt, bool guided, int64_t clip_skip) {
    const PromptWindows positive = tokenizer.windows(prompt);
    if (!guided) return {embed(encoder, positive, positive.count, {}, clip_skip), {}};
    const PromptWindows negative = tokenizer.windows(negative_prompt);
    const size_t count = std::max(positive.count, negative.count);
    at::Tensor empty;
    if (positive.count != negative.count) empty = embed_window(encoder, tokenizer.windows(""), 0, clip_skip);
    return {embed(encoder, positive, count, empty, clip_skip), embed(encoder, negative, count, empty, clip_skip)};
}

}  // namespace lk::diffusion
