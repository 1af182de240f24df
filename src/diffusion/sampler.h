// Samplers: how a denoiser's predictions step a latent from noise to an image. Each reproduces
// the diffusers scheduler of the same name with Stable Diffusion 1.x's configuration, operation
// for operation, so that the same model outputs and the same generator give the same latents.
#pragma once

#include "diffusion/noise_schedule.h"

#include <ATen/core/Generator.h>
#include <ATen/core/Tensor.h>

#include <cstdint>
#include <memory>
#include <optional>
#include <string_view>

namespace lk::diffusion {

// What the denoiser was trained to predict: the noise, or v = alpha * noise - sigma * sample.
enum class Prediction { epsilon, v };

enum class SamplerKind { ddim, euler, euler_ancestral };

struct SamplerOptions {
    SamplerKind kind = SamplerKind::euler;
    int64_t steps = 25;
    Prediction prediction = Prediction::epsilon;
    bool karras_sigmas = false;  // Euler: Karras et al.'s sigma spacing (rho 7)
    double eta = 0;              // DDIM: 0 is deterministic, 1 is DDPM-like
};

class Sampler {
public:
    virtual ~Sampler() = default;

    // The timesteps the denoiser is called with, one per step, in order (float32).
    const at::Tensor& timesteps() const { return timesteps_; }
    int64_t steps() const { return timesteps_.size(0); }
    // What the initial unit-variance noise is multiplied by.
    virtual double init_noise_sigma() const = 0;
    // The denoiser's input at `step` for the current latent.
    virtual at::Tensor scale_model_input(const at::Tensor& sample, int64_t step) const = 0;
    // The latent after `step`, given the denoiser's output for it. `generator` draws the fresh
    // noise of stochastic samplers (none: the default CPU generator).
    virtual at::Tensor step(const at::Tensor& model_output, int64_t step, const at::Tensor& sample,
                            std::optional<at::Generator> generator) const = 0;

protected:
    at::Tensor timesteps_;
};

// LK_ERR_INVALID_ARGUMENT for steps outside 1..train_steps or options the kind does not take.
std::unique_ptr<Sampler> make_sampler(const SamplerOptions& options, const NoiseSchedule& schedule);

// "ddim", "euler", "euler_ancestral"; nullopt for another name.
std::optional<SamplerKind> sampler_named(std::string_view name);

}  // namespace lk::diffusion
