#include "diffusion/lcm_sampler.h"

#include <ATen/TensorOperators.h>
#include <ATen/ops/from_blob.h>
#include <ATen/ops/scalar_tensor.h>
#include <ATen/ops/sqrt.h>

#include <cmath>
#include <vector>

namespace lk::diffusion {

LcmSampler::LcmSampler(const SamplerOptions& options, const NoiseSchedule& schedule)
    : Sampler(schedule), prediction_(options.prediction) {
    // The distillation timesteps k - 1, 2k - 1, ..., largest first; n of them picked evenly.
    const int64_t k = schedule.train_steps() / original_steps, n = options.steps;
    std::vector<float> timesteps(n);
    for (int64_t i = 0; i < n; ++i) {
        const auto index = static_cast<int64_t>(std::floor(static_cast<double>(i) * (static_cast<double>(original_steps) / static_cast<double>(n))));
        timesteps[i] = static_cast<float>((original_steps - index) * k - 1);
    }
    timesteps_ = at::from_blob(timesteps.data(), {n}, at::kFloat).clone();
}

at::Tensor LcmSampler::step(const at::Tensor& model_output, int64_t step, const at::Tensor& sample,
                            const Generators& generators) {
    check_step(step);
    const int64_t t = static_cast<int64_t>(timesteps_[step].item<float>());
    const bool last = step + 1 == steps();
    const int64_t previous = last ? t : static_cast<int64_t>(timesteps_[step + 1].item<float>());
    const at::Tensor alpha = alphas_cumprod_[t], alpha_prev = alphas_cumprod_[previous];
    const at::Tensor beta = 1 - alpha, beta_prev = 1 - alpha_prev;
    // Boundary-condition scalings, in float32 from the integer timestep as diffusers computes them.
    constexpr double sigma_data = 0.5, timestep_scaling = 10.0;
    const at::Tensor scaled = at::scalar_tensor(t, at::kLong) * timestep_scaling;
    const at::Tensor c_skip = sigma_data * sigma_data / (scaled.pow(2) + sigma_data * sigma_data);
    const at::Tensor c_out = scaled / (scaled.pow(2) + sigma_data * sigma_data).pow(0.5);
    const at::Tensor x0 = prediction_ == Prediction::epsilon ? (sample - at::sqrt(beta) * model_output) / at::sqrt(alpha)
                                                             : at::sqrt(alpha) * sample - at::sqrt(beta) * model_output;
    const at::Tensor denoised = c_out * x0 + c_skip * sample;
    if (last) return denoised;
    return at::sqrt(alpha_prev) * denoised +
           at::sqrt(beta_prev) * gaussian_noise(model_output.sizes(), generators, denoised.options());
}

}  // namespace lk::diffusion
