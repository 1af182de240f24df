#include "diffusion/noise_schedule.h"

#include "core/error.h"

#include <ATen/TensorOperators.h>
#include <ATen/ops/cumprod.h>
#include <ATen/ops/linspace.h>
#include <ATen/ops/pow.h>

#include <cmath>

namespace lk::diffusion {

NoiseSchedule NoiseSchedule::scaled_linear(int64_t train_steps, double beta_start, double beta_end) {
    if (train_steps < 2 || train_steps > 100000)
        fail(LK_ERR_INVALID_ARGUMENT, "train_steps {} is out of range; expected 2 to 100000", train_steps);
    if (!(beta_start > 0 && beta_start < beta_end && beta_end < 1))
        fail(LK_ERR_INVALID_ARGUMENT, "betas {} to {} are not increasing within (0, 1)", beta_start, beta_end);
    const at::Tensor betas =
        at::linspace(std::sqrt(beta_start), std::sqrt(beta_end), train_steps, at::kFloat).pow(2);
    return {at::cumprod(1.0 - betas, 0), beta_start, beta_end};
}

}  // namespace lk::diffusion
