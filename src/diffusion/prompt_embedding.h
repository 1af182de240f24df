// What the UNet's cross-attention reads for a prompt, as Automatic1111's web UI builds it for
// prompts of any length: the prompt in 77-token windows (ClipTokenizer::windows), each window
// through the text encoder on its own, the windows' hidden states concatenated along the tokens.
// A prompt of one window without emphasis gives exactly diffusers' embedding of it.
#pragma once

#include "diffusion/clip_tokenizer.h"
#include "diffusion/text_encoder.h"

#include <ATen/core/Tensor.h>

#include <cstdint>
#include <string_view>

namespace lk::diffusion {

// The conditioning of one run: (1, 77 * windows, hidden) each, in the text encoder's dtype and
// on its device. `negative` is undefined when the run has no classifier-free guidance.
struct PromptEmbeddings {
    at::Tensor positive, negative;
};

// `prompt` (and, when `guided`, `negative_prompt`; empty: the unconditional embedding) as the
// text encoder sees them with `clip_skip` (TextEncoder::operator()). Emphasis follows A1111: a
// window whose tokens weigh other than 1 has each token's hidden state multiplied by its weight,
// then the whole window scaled back to its original mean. The shorter of the two prompts is
// padded with windows of the empty prompt, as A1111 pads it, so that both have as many tokens.
PromptEmbeddings embed_prompts(const ClipTokenizer& tokenizer, const TextEncoder& encoder, std::string_view prompt,
                               std::string_view negative_prompt, bool guided, int64_t clip_skip);

}  // namespace lk::diffusion
