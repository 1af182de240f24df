// diffusers' DDPMScheduler with SD 1.x's configuration: "leading" timesteps (offset by one), the
// posterior mean of the previous step plus noise of the "fixed small" posterior variance, on
// every step but one ending at timestep 0.
#pragma once

#include "diffusion/sampler.h"

namespace lk::diffusion {

class DdpmSampler final : public Sampler {
public:
    DdpmSampler(const SamplerOptions& options, const NoiseSchedule& schedule);

    at::Tensor step(const at::Tensor& model_output, int64_t step, const at::Tensor& sample,
                    const Generators& generators) override;

private:
    Prediction prediction_;
};

}  // namespace lk::diffusion
