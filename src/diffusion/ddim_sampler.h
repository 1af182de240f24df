// diffusers' DDIMScheduler with SD 1.x's configuration: "leading" timesteps (every train/steps-th,
// offset by one), the final step to alpha_cumprod[0] (set_alpha_to_one false), eta-scaled noise.
#pragma once

#include "diffusion/sampler.h"

namespace lk::diffusion {

class DdimSampler final : public Sampler {
public:
    DdimSampler(const SamplerOptions& options, const NoiseSchedule& schedule);

    at::Tensor step(const at::Tensor& model_output, int64_t step, const at::Tensor& sample,
                    const Generators& generators) override;

private:
    Prediction prediction_;
    double eta_;
    int64_t stride_;
};

}  // namespace lk::diffusion
