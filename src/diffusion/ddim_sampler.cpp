#include "diffusion/ddim_sampler.h"

#include "diffusion/sigmas.h"

#include <ATen/TensorOperators.h>
#include <ATen/ops/from_blob.h>

#include <vector>

namespace lk::diffusion {

namespace {
// SD 1.x's scheduler configuration offsets every timestep by one.
constexpr int64_t steps_offset = 1;
}  // namespace

DdimSampler::DdimSampler(const SamplerOptions& options, const NoiseSchedule& schedule)
    : Sampler(schedule), prediction_(options.prediction), eta_(options.eta),
      stride_(schedule.train_steps() / options.steps) {
    std::vector<float> timesteps = leading_timesteps(schedule.train_steps(), options.steps, steps_offset);
    timesteps_ = at::from_blob(timesteps.data(), {options.steps}, at::kFloat).clone();
}

at::Tensor DdimSampler::step(const at::Tensor& model_output, int64_t step, const at::Tensor& sample,
                             const Generators& generators) {
    check_step(step);
    const int64_t t = static_cast<int64_t>(timesteps_[step].item<float>());
    const int64_t previous = t - stride_;
    const at::Tensor alpha = alphas_cumprod_[t];
    const at::Tensor alpha_prev = previous >= 0 ? alphas_cumprod_[previous] : alphas_cumprod_[0];
    const at::Tensor beta = 1 - alpha;
    at::Tensor x0, epsilon;
    if (prediction_ == Prediction::epsilon) {
        x0 = (sample - beta.pow(0.5) * model_output) / alpha.pow(0.5);
        epsilon = model_output;
    } else {
        x0 = alpha.pow(0.5) * sample - beta.pow(0.5) * model_output;
        epsilon = alpha.pow(0.5) * model_output + beta.pow(0.5) * sample;
    }
    const at::Tensor variance = (1 - alpha_prev) / beta * (1 - alpha / alpha_prev);
    const at::Tensor deviation = eta_ * variance.pow(0.5);
    const at::Tensor direction = (1 - alpha_prev - deviation.pow(2)).pow(0.5) * epsilon;
    at::Tensor previous_sample = alpha_prev.pow(0.5) * x0 + direction;
    if (eta_ > 0)
        previous_sample = previous_sample +
            deviation * gaussian_noise(model_output.sizes(), generators, model_output.options());
    return previous_sample;
}

}  // namespace lk::diffusion
