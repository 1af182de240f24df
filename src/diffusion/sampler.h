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

enum class SamplerKind { ddpm, ddim, euler, euler_ancestral, dpmpp_2m, lcm };

struct SamplerOptions {
    SamplerKind kind = SamplerKind::euler;
    int64_t steps = 25;
    Prediction prediction = Prediction::epsilon;
    bool karras_sigmas = false;  // Euler, DPM++ 2M: Karras et al.'s sigma spacing (rho 7)
    double eta = 0;              // DDIM: 0 is deterministic, 1 is DDPM-like
};

class Sampler {
public:
    virtual ~Sampler() = default;

    // The timesteps the denoiser is called with, one per step, in order (float32).
    const at::Tensor& timesteps() const { return timesteps_; }
    int64_t steps() const { return timesteps_.size(0); }
    // What the initial unit-variance noise is multiplied by: 1 for samplers that work on the
    // variance-preserving latent, the largest sigma for those that work on x + sigma * noise.
    virtual double init_noise_sigma() const { return 1.0; }
    // The denoiser's input at `step` for the current latent (the latent itself by default).
    virtual at::Tensor scale_model_input(const at::Tensor& sample, int64_t) const { return sample; }
    // The latent after `step`, given the denoiser's output for it. Steps run in order, 0 first:
    // multistep samplers remember earlier outputs, so one sampler serves one run at a time.
    // `generator` draws the fresh noise of stochastic samplers (none: the default CPU generator).
    virtual at::Tensor step(const at::Tensor& model_output, int64_t step, const at::Tensor& sample,
                            std::optional<at::Generator> generator) = 0;

protected:
    at::Tensor timesteps_;
};

// LK_ERR_INVALID_ARGUMENT for steps outside 1..train_steps or options the kind does not take.
std::unique_ptr<Sampler> make_sampler(const SamplerOptions& options, const NoiseSchedule& schedule);

// "ddpm", "ddim", "euler", "euler_ancestral", "dpmpp_2m", "lcm"; nullopt for another name.
std::optional<SamplerKind> sampler_named(std::string_view name);

}  // namespace lk::diffusion
