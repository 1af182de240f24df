#include "diffusion/sampler.h"

#include "core/error.h"
#include "diffusion/ddim_sampler.h"
#include "diffusion/ddpm_sampler.h"
#include "diffusion/dpm_solver_sampler.h"
#include "diffusion/euler_sampler.h"
#include "diffusion/lcm_sampler.h"

#include <ATen/TensorOperators.h>

#include <cmath>

namespace lk::diffusion {

void Sampler::check_step(int64_t step) const {
    if (step < 0 || step >= steps())
        fail(LK_ERR_INVALID_ARGUMENT, "sampler step {} is out of range; expected 0 to {}", step, steps() - 1);
}

at::Tensor Sampler::add_noise(const at::Tensor& original, const at::Tensor& noise, int64_t step) const {
    check_step(step);
    const at::Tensor alpha = alphas_cumprod_.to(original.scalar_type())[static_cast<int64_t>(timesteps_[step].item<float>())];
    return alpha.pow(0.5) * original + (1 - alpha).pow(0.5) * noise;
}

std::unique_ptr<Sampler> make_sampler(const SamplerOptions& options, const NoiseSchedule& schedule) {
    if (options.steps < 1 || options.steps > schedule.train_steps())
        fail(LK_ERR_INVALID_ARGUMENT, "steps {} is out of range; expected 1 to {} (the model's training steps)",
             options.steps, schedule.train_steps());
    // DDIM's and DDPM's timesteps run to (steps - 1) * (train / steps) + 1, which must be a training step.
    if ((options.kind == SamplerKind::ddim || options.kind == SamplerKind::ddpm) &&
        (options.steps - 1) * (schedule.train_steps() / options.steps) + 1 >= schedule.train_steps())
        fail(LK_ERR_INVALID_ARGUMENT, "DDIM and DDPM with {} steps would start past the model's {} training steps; "
             "expected at most {} steps", options.steps, schedule.train_steps(), schedule.train_steps() / 2);
    if (options.kind == SamplerKind::lcm && options.steps > LcmSampler::original_steps)
        fail(LK_ERR_INVALID_ARGUMENT, "LCM with {} steps: expected at most {}, the steps it was distilled on",
             options.steps, LcmSampler::original_steps);
    if (options.kind != SamplerKind::ddim && options.eta != 0)
        fail(LK_ERR_INVALID_ARGUMENT, "eta {} is given, but only the DDIM sampler takes it", options.eta);
    if (!(options.eta >= 0 && options.eta <= 1))
        fail(LK_ERR_INVALID_ARGUMENT, "eta {} is out of range; expected 0 to 1", options.eta);
    if (options.kind != SamplerKind::euler && options.kind != SamplerKind::dpmpp_2m && options.karras_sigmas)
        fail(LK_ERR_INVALID_ARGUMENT, "Karras sigmas are asked for, but only the Euler and DPM++ 2M samplers take them");
    switch (options.kind) {
    case SamplerKind::ddpm: return std::make_unique<DdpmSampler>(options, schedule);
    case SamplerKind::ddim: return std::make_unique<DdimSampler>(options, schedule);
    case SamplerKind::euler:
    case SamplerKind::euler_ancestral: return std::make_unique<EulerSampler>(options, schedule);
    case SamplerKind::dpmpp_2m: return std::make_unique<DpmSolverSampler>(options, schedule);
    case SamplerKind::lcm: return std::make_unique<LcmSampler>(options, schedule);
    }
    fail(LK_ERR_INVALID_ARGUMENT, "sampler kind {} is unknown", static_cast<int>(options.kind));
}

std::optional<SamplerKind> sampler_named(std::string_view name) {
    if (name == "ddpm") return SamplerKind::ddpm;
    if (name == "ddim") return SamplerKind::ddim;
    if (name == "euler") return SamplerKind::euler;
    if (name == "euler_ancestral") return SamplerKind::euler_ancestral;
    if (name == "dpmpp_2m") return SamplerKind::dpmpp_2m;
    if (name == "lcm") return SamplerKind::lcm;
    return std::nullopt;
}

}  // namespace lk::diffusion
