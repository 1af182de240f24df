// The image autoencoder of Stable Diffusion 1.x: diffusers' AutoencoderKL. Images in [-1, 1]
// become latents 2^(blocks - 1) times smaller per side and back.
#pragma once

#include "diffusion/tensors.h"

#include <ATen/core/Generator.h>

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace lk::diffusion {

// The keys of diffusers' vae/config.json that SD 1.x-family autoencoders vary.
struct AutoencoderConfig {
    int64_t in_channels = 3;
    int64_t out_channels = 3;
    int64_t latent_channels = 4;
    std::vector<int64_t> block_out_channels{128, 256, 512, 512};
    int64_t layers_per_block = 2;
    int64_t norm_num_groups = 32;
    int64_t sample_size = 512;
    double scaling_factor = 0.18215;  // latents are multiplied by it before the UNet sees them

    static AutoencoderConfig from_json(const std::string& text, const std::string& name);
    std::string to_json() const;
    // How many times smaller latents are than images, per side.
    int64_t downscale() const { return int64_t{1} << (block_out_channels.size() - 1); }
};

// The encoder's Gaussian over latents (before scaling_factor).
struct LatentDistribution {
    at::Tensor mean, logvar;  // (N, latent_channels, h, w)
    // mean + exp(logvar / 2) * noise, the noise drawn like diffusers' randn_tensor with `generator`.
    at::Tensor sample(std::optional<at::Generator> generator) const;
};

class Autoencoder {
public:
    // As UNet's: LK_ERR_FORMAT naming the first tensor that does not fit the config.
    Autoencoder(AutoencoderConfig config, Weights weights, const Placement& placement);
    static Autoencoder initialized(AutoencoderConfig config, at::Generator generator,
                                   const Placement& placement);

    // images (N, in_channels, H, W) in [-1, 1], H and W multiples of downscale().
    LatentDistribution encode(const at::Tensor& images) const;
    // latents (N, latent_channels, h, w), unscaled; returns images of about [-1, 1].
    at::Tensor decode(const at::Tensor& latents) const;

    const AutoencoderConfig& config() const { return config_; }
    const Placement& placement() const { return placement_; }
    Weights& weights() { return weights_; }
    const Weights& weights() const { return weights_; }

private:
    AutoencoderConfig config_;
    Weights weights_;
    Placement placement_;
};

}  // namespace lk::diffusion
