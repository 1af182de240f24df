// The noise levels samplers step through, computed as diffusers computes them (numpy in float64
// over the schedule's float32 values), so that timesteps and sigmas agree with diffusers'.
#pragma once

#include "diffusion/noise_schedule.h"

#include <cstdint>
#include <vector>

namespace lk::diffusion {

// sigma_t = sqrt((1 - alpha_cumprod_t) / alpha_cumprod_t) for every training step, in float32.
std::vector<float> training_sigmas(const NoiseSchedule& schedule);

// diffusers' "leading" timesteps: every (train / n)-th training step from 0, plus `offset`,
// largest first.
std::vector<float> leading_timesteps(int64_t train_steps, int64_t n, int64_t offset);

// numpy.linspace(start, stop, n) in float64.
std::vector<double> linspace(double start, double stop, int64_t n);

// numpy.interp(x, [0, 1, ..., n - 1], table).
double interpolate(double x, const std::vector<float>& table);

// Karras et al.'s spacing (rho 7) of n sigmas from sigma_max down to sigma_min.
std::vector<double> karras_sigmas(double sigma_min, double sigma_max, int64_t n);

// The fractional training timestep of a sigma: linear in log sigma between the two training
// sigmas around it (diffusers' _sigma_to_t, whose logarithms are float32).
double sigma_to_t(double sigma, const std::vector<float>& table);

}  // namespace lk::diffusion
