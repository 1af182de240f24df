// The text encoder of Stable Diffusion 1.x: transformers' CLIPTextModel (token and position
// embeddings, pre-norm transformer layers with a causal mask, a final layer norm).
#pragma once

#include "diffusion/tensors.h"

#include <ATen/core/Generator.h>

#include <cstdint>
#include <string>

namespace lk::diffusion {

// The keys of transformers' text_encoder/config.json that CLIP text models vary.
struct TextEncoderConfig {
    int64_t vocab_size = 49408;
    int64_t hidden_size = 768;
    int64_t intermediate_size = 3072;
    int64_t num_hidden_layers = 12;
    int64_t num_attention_heads = 12;
    int64_t max_position_embeddings = 77;
    bool quick_gelu = true;  // hidden_act "quick_gelu" (SD 1.x) or "gelu"
    double layer_norm_eps = 1e-5;

    static TextEncoderConfig from_json(const std::string& text, const std::string& name);
    std::string to_json() const;
};

class TextEncoder {
public:
    // As UNet's: LK_ERR_FORMAT naming the first tensor that does not fit the config. Tensors are
    // named as transformers 5 saves CLIPTextModel ("embeddings.token_embedding.weight"); the
    // "text_model." prefix transformers 4 wrote, and its position_ids buffer, are accepted too.
    TextEncoder(TextEncoderConfig config, Weights weights, const Placement& placement);
    static TextEncoder initialized(TextEncoderConfig config, at::Generator generator,
                                   const Placement& placement);

    // ids (N, tokens) int64 with tokens <= max_position_embeddings. Returns the hidden states
    // (N, tokens, hidden_size) after the final layer norm (transformers' last_hidden_state), or
    // with clip_skip k > 1 those of the k-th last layer, put through the final layer norm
    // (A1111's "clip skip"; diffusers' clip_skip is k - 1). LK_ERR_INVALID_ARGUMENT for ids of
    // another shape or type, ids outside the vocabulary, or k outside 1..num_hidden_layers.
    at::Tensor operator()(const at::Tensor& ids, int64_t clip_skip = 1) const;

    const TextEncoderConfig& config() const { return config_; }
    const Placement& placement() const { return placement_; }
    Weights& weights() { return weights_; }
    const Weights& weights() const { return weights_; }

private:
    TextEncoderConfig config_;
    Weights weights_;
    Placement placement_;
};

}  // namespace lk::diffusion
