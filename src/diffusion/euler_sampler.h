// diffusers' EulerDiscreteScheduler and EulerAncestralDiscreteScheduler with SD 1.x's
// configuration: timesteps spaced evenly over the training range ("linspace"), sigmas
// interpolated linearly from the schedule (or Karras-spaced, Euler only), the first-order Euler
// step of the probability-flow ODE (no churn); the ancestral kind steps down to a lower sigma and
// adds fresh noise back up to the next one.
#pragma once

#include "diffusion/sampler.h"

namespace lk::diffusion {

class EulerSampler final : public Sampler {
public:
    EulerSampler(const SamplerOptions& options, const NoiseSchedule& schedule);

    double init_noise_sigma() const override;
    at::Tensor scale_model_input(const at::Tensor& sample, int64_t step) const override;
    at::Tensor step(const at::Tensor& model_output, int64_t step, const at::Tensor& sample,
                    const Generators& generators) override;
    // original + sigma * noise, the sigma of `step`.
    at::Tensor add_noise(const at::Tensor& original, const at::Tensor& noise, int64_t step) const override;

    const at::Tensor& sigmas() const { return sigmas_; }  // float32, steps + 1, ending in 0

private:
    Prediction prediction_;
    bool ancestral_;
    at::Tensor sigmas_;
};

}  // namespace lk::diffusion
