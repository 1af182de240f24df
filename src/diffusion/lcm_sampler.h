// diffusers' LCMScheduler, for latent consistency models (LCM and LCM-LoRA distilled from SD 1.x):
// timesteps taken from the 50-step distillation schedule, each step's consistency prediction
// (boundary-condition scalings with sigma_data 0.5, timestep scaling 10) re-noised to the next
// timestep, the last step returning the prediction itself.
#pragma once

#include "diffusion/sampler.h"

namespace lk::diffusion {

class LcmSampler final : public Sampler {
public:
    LcmSampler(const SamplerOptions& options, const NoiseSchedule& schedule);

    at::Tensor step(const at::Tensor& model_output, int64_t step, const at::Tensor& sample,
                    const Generators& generators) override;

    // The distillation schedule's length: LCM checkpoints were distilled on 50 steps.
    static constexpr int64_t original_steps = 50;

private:
    Prediction prediction_;
};

}  // namespace lk::diffusion
