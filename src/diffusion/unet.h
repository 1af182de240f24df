// The denoiser of Stable Diffusion 1.x: diffusers' UNet2DConditionModel with the configurations
// SD 1.x checkpoints use (ResNet blocks with a time embedding, spatial transformers whose
// cross-attention reads the text encoder's output), from the full 860M-parameter model down to
// the tiny ones the tests make. Attention runs through ATen's scaled-dot-product attention.
#pragma once

#include "diffusion/tensors.h"

#include <ATen/core/Generator.h>

#include <cstdint>
#include <string>
#include <vector>

namespace lk::diffusion {

// The keys of diffusers' unet/config.json that SD 1.x-family models vary. Others must hold
// their SD 1.x values, or reading the config is LK_ERR_FORMAT naming the key.
struct UNetConfig {
    int64_t in_channels = 4;  // 9 for inpainting checkpoints
    int64_t out_channels = 4;
    int64_t sample_size = 64;  // the latent side the model was trained at
    std::vector<int64_t> block_out_channels{320, 640, 1280, 1280};
    // Per down block: a CrossAttnDownBlock2D (true) or a DownBlock2D; the up blocks mirror them
    // (diffusers' up_block_types reversed).
    std::vector<bool> cross_attention{true, true, true, false};
    int64_t layers_per_block = 2;
    int64_t cross_attention_dim = 768;
    // Heads per transformer, one per block or one for all (diffusers' `attention_head_dim`,
    // which SD 1.x configs use for the head count).
    std::vector<int64_t> attention_heads{8};
    int64_t transformer_layers_per_block = 1;
    bool use_linear_projection = false;
    int64_t norm_num_groups = 32;
    double norm_eps = 1e-5;
    bool flip_sin_to_cos = true;
    int64_t freq_shift = 0;
    // LCM-distilled UNets (diffusers' time_cond_proj_dim; 0: none) add a projection of the
    // guidance scale's embedding (guidance_scale_embedding) to the timestep's.
    int64_t time_cond_proj_dim = 0;

    // From the text of a unet/config.json; `name` names it in errors.
    static UNetConfig from_json(const std::string& text, const std::string& name);
    std::string to_json() const;  // a config.json diffusers reads back
};

class UNet {
public:
    // Checks `weights` against the config: LK_ERR_FORMAT naming the first missing, unexpected
    // or mis-shaped tensor and the shape expected. The weights are converted to the placement.
    UNet(UNetConfig config, Weights weights, const Placement& placement);
    // Fresh weights for training, initialized as diffusers' modules initialize theirs.
    static UNet initialized(UNetConfig config, at::Generator generator, const Placement& placement);

    // sample (N, in_channels, h, w) with h and w multiples of 2^(blocks - 1); timesteps (N) or a
    // scalar, float; context (N, tokens, cross_attention_dim). Returns (N, out_channels, h, w).
    at::Tensor operator()(const at::Tensor& sample, const at::Tensor& timesteps,
                          const at::Tensor& context) const;
    // The same with an LCM-distilled UNet's guidance-scale embedding, (N, time_cond_proj_dim)
    // from guidance_scale_embedding; undefined: none, as above.
    at::Tensor operator()(const at::Tensor& sample, const at::Tensor& timesteps,
                          const at::Tensor& context, const at::Tensor& timestep_cond) const;

    const UNetConfig& config() const { return config_; }
    const Placement& placement() const { return placement_; }
    // The tensors the forward reads, by diffusers name: updating them in place (an optimizer
    // step) changes the model; setting requires_grad on them makes the forward differentiable.
    Weights& weights() { return weights_; }
    const Weights& weights() const { return weights_; }

private:
    UNetConfig config_;
    Weights weights_;
    Placement placement_;
};

// diffusers' get_guidance_scale_embedding: the (N, dim) sinusoidal embedding of guidance scales
// `w` (N), which LCM-distilled UNets take as timestep_cond.
at::Tensor guidance_scale_embedding(const at::Tensor& w, int64_t dim);

}  // namespace lk::diffusion
