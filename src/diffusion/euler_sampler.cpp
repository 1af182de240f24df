#include "diffusion/euler_sampler.h"

#include <ATen/TensorOperators.h>
#include <ATen/ops/from_blob.h>
#include <ATen/ops/max.h>
#include <ATen/ops/randn.h>
#include <ATen/ops/sqrt.h>

#include <algorithm>
#include <cmath>
#include <vector>

namespace lk::diffusion {

namespace {

// numpy.interp over x = 0, 1, ..., n - 1, in double as numpy computes it.
double interpolate(double x, const std::vector<float>& ys) {
    if (x <= 0) return ys.front();
    const double last = static_cast<double>(ys.size() - 1);
    if (x >= last) return ys.back();
    const size_t i = static_cast<size_t>(std::floor(x));
    const double slope = static_cast<double>(ys[i + 1]) - ys[i];
    return slope * (x - static_cast<double>(i)) + ys[i];
}

// The fractional training timestep of a sigma, by linear interpolation in log sigma between the
// two schedule entries around it (diffusers' _sigma_to_t).
double sigma_to_t(double sigma, const std::vector<double>& log_sigmas) {
    const double log_sigma = std::log(std::max(sigma, 1e-10));
    // The last index whose log sigma is at or below this one, capped so that a successor exists.
    size_t low = 0;
    for (size_t i = 0; i < log_sigmas.size(); ++i)
        if (log_sigma - log_sigmas[i] >= 0) low = i;
    low = std::min(low, log_sigmas.size() - 2);
    const double w = std::clamp((log_sigmas[low] - log_sigma) / (log_sigmas[low] - log_sigmas[low + 1]), 0.0, 1.0);
    return (1 - w) * static_cast<double>(low) + w * static_cast<double>(low + 1);
}

}  // namespace

EulerSampler::EulerSampler(const SamplerOptions& options, const NoiseSchedule& schedule)
    : prediction_(options.prediction), ancestral_(options.kind == SamplerKind::euler_ancestral) {
    const int64_t n = options.steps, train = schedule.train_steps();
    // sigma_t = sqrt((1 - a_t) / a_t), in float32 as diffusers computes it from the schedule.
    const at::Tensor ac = schedule.alphas_cumprod;
    const at::Tensor table = ((1 - ac) / ac).pow(0.5).contiguous();
    const std::vector<float> train_sigmas(table.data_ptr<float>(), table.data_ptr<float>() + train);

    // Timesteps: numpy.linspace(0, train - 1, n, dtype=float32), reversed.
    std::vector<float> timesteps(n);
    for (int64_t i = 0; i < n; ++i) {
        const double step = n > 1 ? static_cast<double>(train - 1) / static_cast<double>(n - 1) : 0.0;
        const double value = i == n - 1 && n > 1 ? static_cast<double>(train - 1) : static_cast<double>(i) * step;
        timesteps[n - 1 - i] = static_cast<float>(value);
    }
    std::vector<double> sigmas(n);
    for (int64_t i = 0; i < n; ++i) sigmas[i] = interpolate(timesteps[i], train_sigmas);
    if (options.karras_sigmas) {
        std::vector<double> log_sigmas(train);
        // diffusers takes these logs in float32.
        for (int64_t i = 0; i < train; ++i) log_sigmas[i] = std::log(train_sigmas[i]);
        constexpr double rho = 7.0;
        const double min_inv = std::pow(sigmas.back(), 1 / rho), max_inv = std::pow(sigmas.front(), 1 / rho);
        for (int64_t i = 0; i < n; ++i) {
            // numpy.linspace(0, 1, n): i times the step, the last one exactly 1.
            const double ramp = n > 1 ? (i == n - 1 ? 1.0 : static_cast<double>(i) * (1.0 / static_cast<double>(n - 1))) : 0.0;
            sigmas[i] = std::pow(max_inv + ramp * (min_inv - max_inv), rho);
        }
        for (int64_t i = 0; i < n; ++i) timesteps[i] = static_cast<float>(sigma_to_t(sigmas[i], log_sigmas));
    }
    std::vector<float> with_zero(sigmas.begin(), sigmas.end());
    with_zero.push_back(0.0f);
    sigmas_ = at::from_blob(with_zero.data(), {n + 1}, at::kFloat).clone();
    timesteps_ = at::from_blob(timesteps.data(), {n}, at::kFloat).clone();
}

double EulerSampler::init_noise_sigma() const {
    // With "linspace" spacing diffusers starts from the largest sigma itself.
    return sigmas_.max().item<float>();
}

at::Tensor EulerSampler::scale_model_input(const at::Tensor& sample, int64_t step) const {
    const at::Tensor sigma = sigmas_[step];
    return sample / (sigma.pow(2) + 1).pow(0.5);
}

at::Tensor EulerSampler::step(const at::Tensor& model_output, int64_t step, const at::Tensor& sample,
                              std::optional<at::Generator> generator) const {
    const at::Tensor x = sample.to(at::kFloat);
    const at::Tensor sigma = sigmas_[step], next = sigmas_[step + 1];
    const at::Tensor denoised = prediction_ == Prediction::epsilon
        ? x - sigma * model_output
        : model_output * (-sigma / (sigma.pow(2) + 1).pow(0.5)) + x / (sigma.pow(2) + 1);
    const at::Tensor derivative = (x - denoised) / sigma;
    if (!ancestral_) return (x + derivative * (next - sigma)).to(model_output.scalar_type());
    const at::Tensor up = (next.pow(2) * (sigma.pow(2) - next.pow(2)) / sigma.pow(2)).pow(0.5);
    const at::Tensor down = (next.pow(2) - up.pow(2)).pow(0.5);
    const at::Tensor noise = at::randn(model_output.sizes(), generator, model_output.options());
    return (x + derivative * (down - sigma) + noise * up).to(model_output.scalar_type());
}

}  // namespace lk::diffusion
