// The noise schedule a diffusion model was trained with: the cumulative products of 1 - beta_t
// over its training timesteps, computed with the same float32 operations diffusers uses, so
// that samplers derived from it agree with diffusers' to the last bit.
#pragma once

#include <ATen/core/Tensor.h>

#include <cstdint>

namespace lk::diffusion {

struct NoiseSchedule {
    at::Tensor alphas_cumprod;  // float32 [train_steps]
    // The scaled-linear betas it was made from, for writing it back as a scheduler config.
    double beta_start = 0.00085, beta_end = 0.012;

    // Stable Diffusion 1.x's "scaled linear" schedule: beta_t = linspace(sqrt(start), sqrt(end))^2.
    static NoiseSchedule scaled_linear(int64_t train_steps = 1000, double beta_start = 0.00085,
                                       double beta_end = 0.012);

    int64_t train_steps() const { return alphas_cumprod.size(0); }
};

}  // namespace lk::diffusion
