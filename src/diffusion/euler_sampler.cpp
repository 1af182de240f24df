#include "diffusion/euler_sampler.h"

#include "diffusion/sigmas.h"

#include <ATen/TensorOperators.h>
#include <ATen/ops/from_blob.h>
#include <ATen/ops/max.h>
#include <ATen/ops/sqrt.h>

#include <vector>

namespace lk::diffusion {

EulerSampler::EulerSampler(const SamplerOptions& options, const NoiseSchedule& schedule)
    : Sampler(schedule), prediction_(options.prediction), ancestral_(options.kind == SamplerKind::euler_ancestral) {
    const int64_t n = options.steps;
    const std::vector<float> table = training_sigmas(schedule);
    // numpy.linspace(0, train - 1, n, dtype=float32), reversed.
    const std::vector<double> spaced = linspace(0, static_cast<double>(table.size() - 1), n);
    std::vector<float> timesteps(spaced.rbegin(), spaced.rend());
    std::vector<double> sigmas(n);
    for (int64_t i = 0; i < n; ++i) sigmas[i] = interpolate(timesteps[i], table);
    if (options.karras_sigmas) {
        sigmas = karras_sigmas(sigmas.back(), sigmas.front(), n);
        for (int64_t i = 0; i < n; ++i) timesteps[i] = static_cast<float>(sigma_to_t(sigmas[i], table));
    }
    std::vector<float> with_zero(sigmas.begin(), sigmas.end());
    with_zero.push_back(0.0f);
    sigmas_ = at::from_blob(with_zero.data(), {n + 1}, at::kFloat).clone();
    timesteps_ = at::from_blob(timesteps.data(), {n}, at::kFloat).clone();
}

at::Tensor EulerSampler::add_noise(const at::Tensor& original, const at::Tensor& noise, int64_t step) const {
    check_step(step);
    return original + noise * sigmas_.to(original.scalar_type())[step];
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
                              const Generators& generators) {
    check_step(step);
    const at::Tensor x = sample.to(at::kFloat);
    const at::Tensor sigma = sigmas_[step], next = sigmas_[step + 1];
    const at::Tensor denoised = prediction_ == Prediction::epsilon
        ? x - sigma * model_output
        : model_output * (-sigma / (sigma.pow(2) + 1).pow(0.5)) + x / (sigma.pow(2) + 1);
    const at::Tensor derivative = (x - denoised) / sigma;
    if (!ancestral_) return (x + derivative * (next - sigma)).to(model_output.scalar_type());
    const at::Tensor up = (next.pow(2) * (sigma.pow(2) - next.pow(2)) / sigma.pow(2)).pow(0.5);
    const at::Tensor down = (next.pow(2) - up.pow(2)).pow(0.5);
    const at::Tensor noise = gaussian_noise(model_output.sizes(), generators, model_output.options());
    return (x + derivative * (down - sigma) + noise * up).to(model_output.scalar_type());
}

}  // namespace lk::diffusion
