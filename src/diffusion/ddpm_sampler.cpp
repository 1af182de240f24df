#include "diffusion/ddpm_sampler.h"

#include "diffusion/sigmas.h"

#include <ATen/TensorOperators.h>
#include <ATen/ops/clamp.h>
#include <ATen/ops/from_blob.h>
#include <ATen/ops/ones.h>

#include <vector>

namespace lk::diffusion {

DdpmSampler::DdpmSampler(const SamplerOptions& options, const NoiseSchedule& schedule)
    : Sampler(schedule), prediction_(options.prediction) {
    std::vector<float> timesteps = leading_timesteps(schedule.train_steps(), options.steps, 1);
    timesteps_ = at::from_blob(timesteps.data(), {options.steps}, at::kFloat).clone();
}

at::Tensor DdpmSampler::step(const at::Tensor& model_output, int64_t step, const at::Tensor& sample,
                             const Generators& generators) {
    check_step(step);
    const int64_t t = static_cast<int64_t>(timesteps_[step].item<float>());
    // The previous timestep is the next one run; after the last comes alpha_cumprod 1.
    const at::Tensor alpha = alphas_cumprod_[t];
    const at::Tensor alpha_prev = step + 1 < steps()
        ? alphas_cumprod_[static_cast<int64_t>(timesteps_[step + 1].item<float>())]
        : at::ones({}, alphas_cumprod_.options());
    const at::Tensor beta = 1 - alpha, beta_prev = 1 - alpha_prev;
    const at::Tensor current_alpha = alpha / alpha_prev;
    const at::Tensor current_beta = 1 - current_alpha;
    const at::Tensor x0 = prediction_ == Prediction::epsilon ? (sample - beta.pow(0.5) * model_output) / alpha.pow(0.5)
                                                             : alpha.pow(0.5) * sample - beta.pow(0.5) * model_output;
    const at::Tensor mean = (alpha_prev.pow(0.5) * current_beta) / beta * x0 +
                            current_alpha.pow(0.5) * beta_prev / beta * sample;
    if (t == 0) return mean;
    const at::Tensor variance = at::clamp((1 - alpha_prev) / (1 - alpha) * (1 - alpha / alpha_prev), 1e-20);
    return mean + variance.pow(0.5) * gaussian_noise(model_output.sizes(), generators, model_output.options());
}

}  // namespace lk::diffusion
