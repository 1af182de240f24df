// A StyleGAN2 generator (NVIDIA's stylegan2-ada-pytorch, "skip" synthesis) loaded from a
// Likeness generator file: safetensors holding the generator's state_dict() under NVIDIA's
// names, with metadata "likeness.format": "stylegan2-generator" and "likeness.config": the
// generator's init kwargs as JSON (see config.h).
#pragma once

#include "gan/config.h"
#include "gan/mapping.h"
#include "gan/synthesis.h"

#include <c10/core/Device.h>

#include <memory>
#include <optional>
#include <string>

namespace lk::gan {

class Generator {
public:
    // LK_ERR_IO if the file cannot be read; LK_ERR_FORMAT for another format, a bad config, or
    // tensors that do not match the config: the message names the first missing, extra or
    // mis-shaped tensor with its shape and the expected one. Float tensors of any width are
    // converted to float32. A discriminator stored beside the generator (tensors prefixed "D."
    // and its config under "likeness.discriminator_config", as the converter writes it) is
    // skipped.
    static Generator load(const std::string& path, c10::Device device = c10::kCPU);

    const GeneratorConfig& config() const { return config_; }
    c10::Device device() const { return device_; }

    // z (N, z_dim) and c (N, c_dim; ignored, and may be undefined, when c_dim is 0) -> ws
    // (N, num_ws, w_dim). psi 1 disables truncation; cutoff truncates only the first `cutoff` ws.
    // LK_ERR_INVALID_ARGUMENT for shapes that do not fit, psi NaN or outside [-1, 2], a cutoff
    // outside [0, num_ws], or psi != 1 on a model without w_avg.
    at::Tensor mapping(const at::Tensor& z, const at::Tensor& c, double psi = 1,
                       std::optional<int64_t> cutoff = std::nullopt) const;
    // ws (N, num_ws, w_dim) -> float32 images (N, img_channels, R, R), about [-1, 1].
    // LK_ERR_INVALID_ARGUMENT if ws does not fit.
    at::Tensor synthesis(const at::Tensor& ws, NoiseMode noise_mode = NoiseMode::Const) const;
    at::Tensor generate(const at::Tensor& z, const at::Tensor& c, double psi = 1,
                        std::optional<int64_t> cutoff = std::nullopt,
                        NoiseMode noise_mode = NoiseMode::Const) const;

private:
    Generator(GeneratorConfig config, c10::Device device, const Weights& weights);

    GeneratorConfig config_;
    c10::Device device_;
    std::shared_ptr<const Mapping> mapping_;
    std::shared_ptr<const Synthesis> synthesis_;
};

}  // namespace lk::gan
