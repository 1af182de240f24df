#include "diffusion/dpm_solver_sampler.h"

#include "core/error.h"
#include "diffusion/sigmas.h"

#include <ATen/TensorOperators.h>
#include <ATen/ops/exp.h>
#include <ATen/ops/from_blob.h>
#include <ATen/ops/log.h>

#include <algorithm>
#include <cmath>
#include <utility>

namespace lk::diffusion {

namespace {

// A sigma as the (alpha_t, sigma_t) pair of the variance-preserving process.
std::pair<at::Tensor, at::Tensor> alpha_sigma(const at::Tensor& sigma) {
    const at::Tensor alpha = 1 / (sigma.pow(2) + 1).pow(0.5);
    return {alpha, sigma * alpha};
}

at::Tensor lambda(const std::pair<at::Tensor, at::Tensor>& as) { return at::log(as.first) - at::log(as.second); }

}  // namespace

at::Tensor DpmSolverSampler::add_noise(const at::Tensor& original, const at::Tensor& noise, int64_t step) const {
    check_step(step);
    const auto [alpha, sigma] = alpha_sigma(sigmas_.to(original.scalar_type())[step]);
    return alpha * original + sigma * noise;
}

DpmSolverSampler::DpmSolverSampler(const SamplerOptions& options, const NoiseSchedule& schedule)
    : Sampler(schedule), prediction_(options.prediction) {
    const int64_t n = options.steps;
    const std::vector<float> table = training_sigmas(schedule);
    const double train = static_cast<double>(table.size());
    std::vector<float> timesteps(n);
    std::vector<double> sigmas(n);
    if (options.karras_sigmas) {
        sigmas = karras_sigmas(table.front(), table.back(), n);
        for (int64_t i = 0; i < n; ++i) timesteps[i] = static_cast<float>(std::nearbyint(sigma_to_t(sigmas[i], table)));
    } else {
        // numpy.linspace(0, train - 1, n + 1).round(), reversed, without its last (0).
        const std::vector<double> spaced = linspace(0, train - 1, n + 1);
        for (int64_t i = 0; i < n; ++i) timesteps[i] = static_cast<float>(std::nearbyint(spaced[n - i]));
        for (int64_t i = 0; i < n; ++i) sigmas[i] = interpolate(timesteps[i], table);
    }
    std::vector<float> with_zero(sigmas.begin(), sigmas.end());
    with_zero.push_back(0.0f);
    sigmas_ = at::from_blob(with_zero.data(), {n + 1}, at::kFloat).clone();
    timesteps_ = at::from_blob(timesteps.data(), {n}, at::kFloat).clone();
}

at::Tensor DpmSolverSampler::step(const at::Tensor& model_output, int64_t step, const at::Tensor& sample,
                                  const Generators&) {
    check_step(step);
    // The first step may be any (image-to-image begins part-way, with no memory, as diffusers'
    // begin index does); after it, steps follow one another.
    if (previous_step_ >= 0 && step != previous_step_ + 1)
        fail(LK_ERR_INVALID_ARGUMENT, "DPM++ 2M steps run in order: step {} follows step {}", step, previous_step_);
    const auto now = alpha_sigma(sigmas_[step]);
    const at::Tensor x = sample.to(at::kFloat);
    // The model's output as a prediction of the clean sample.
    const at::Tensor data = prediction_ == Prediction::epsilon ? (sample - now.second * model_output) / now.first
                                                               : now.first * sample - now.second * model_output;
    const auto next = alpha_sigma(sigmas_[step + 1]);
    const at::Tensor h = lambda(next) - lambda(now);
    const at::Tensor decay = next.first * (at::exp(-h) - 1.0);
    at::Tensor result;
    // First order on the first step and on the last, which ends at sigma 0.
    if (!previous_.defined() || step == steps() - 1) {
        result = (next.second / now.second) * x - decay * data;
    } else {
        const at::Tensor h_previous = lambda(now) - lambda(alpha_sigma(sigmas_[step - 1]));
        const at::Tensor r = h_previous / h;
        const at::Tensor d1 = (1.0 / r) * (data - previous_);
        result = (next.second / now.second) * x - decay * data - 0.5 * decay * d1;
    }
    previous_ = data;
    previous_step_ = step;
    return result.to(model_output.scalar_type());
}

}  // namespace lk::diffusion
