// diffusers' DPMSolverMultistepScheduler as SD users know it, "DPM++ 2M": the data-prediction
// DPM-Solver++ of order 2 (midpoint) over timesteps spaced evenly ("linspace", rounded) or by
// Karras sigmas, first order on the first step and the last (down to sigma 0).
#pragma once

#include "diffusion/sampler.h"

#include <vector>

namespace lk::diffusion {

class DpmSolverSampler final : public Sampler {
public:
    DpmSolverSampler(const SamplerOptions& options, const NoiseSchedule& schedule);

    at::Tensor step(const at::Tensor& model_output, int64_t step, const at::Tensor& sample,
                    const Generators& generators) override;
    // alpha * original + sigma * noise, the variance-preserving pair of `step`'s sigma.
    at::Tensor add_noise(const at::Tensor& original, const at::Tensor& noise, int64_t step) const override;

private:
    Prediction prediction_;
    at::Tensor sigmas_;       // float32, steps + 1, ending in 0
    at::Tensor previous_;     // the last step's data prediction; undefined before the first
    int64_t previous_step_ = -1;  // -1 before the first
};

}  // namespace lk::diffusion
