// Samplers: how a denoiser's predictions step a latent from noise to an image. Each reproduces
// the diffusers scheduler of the same name with Stable Diffusion 1.x's configuration, operation
// for operation, so that the same model outputs and the same generator give the same latents.
#pragma once

#include "diffusion/noise.h"
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
    // The latent after `step`, given the denoiser's output for it. Steps run in order, from 0 or,
    // for image-to-image, from the step the run begins at (multistep samplers start their memory
    // afresh there); one sampler serves one run at a time. `generators` draw the fresh noise of
    // stochastic samplers as gaussian_noise does: one per image makes each image's noise its own.
    virtual at::Tensor step(const at::Tensor& model_output, int64_t step, const at::Tensor& sample,
                            const Generators& generators) = 0;
    // `original` (clean latents) noised with `noise` to the level the denoiser sees at `step`:
    // how image-to-image starts part-way into the schedule (diffusers' add_noise with the
    // scheduler's begin index, or its current step index when inpainting re-noises the original).
    // Computed in `original`'s dtype. By default sqrt(a) * original + sqrt(1 - a) * noise with a
    // the alpha_cumprod of the step's timestep.
    virtual at::Tensor add_noise(const at::Tensor& original, const at::Tensor& noise, int64_t step) const;

protected:
    explicit Sampler(const NoiseSchedule& schedule) : alphas_cumprod_(schedule.alphas_cumprod) {}
    // LK_ERR_INVALID_ARGUMENT for a step outside 0..steps() - 1.
    void check_step(int64_t step) const;

    at::Tensor timesteps_;
    at::Tensor alphas_cumprod_;  // the schedule's, float32
};

// LK_ERR_INVALID_ARGUMENT for steps outside 1..train_steps or options the kind does not take.
std::unique_ptr<Sampler> make_sampler(const SamplerOptions& options, const NoiseSchedule& schedule);

// "ddpm", "ddim", "euler", "euler_ancestral", "dpmpp_2m", "lcm"; nullopt for another name.
std::optional<SamplerKind> sampler_named(std::string_view name);

}  // namespace lk::diffusion
