#include "diffusion/sigmas.h"

#include <ATen/TensorOperators.h>
#include <ATen/ops/pow.h>

#include <algorithm>
#include <cmath>

namespace lk::diffusion {

std::vector<float> training_sigmas(const NoiseSchedule& schedule) {
    const at::Tensor ac = schedule.alphas_cumprod;
    const at::Tensor table = ((1 - ac) / ac).pow(0.5).contiguous();
    return {table.data_ptr<float>(), table.data_ptr<float>() + table.numel()};
}

std::vector<float> leading_timesteps(int64_t train_steps, int64_t n, int64_t offset) {
    std::vector<float> timesteps(n);
    for (int64_t i = 0; i < n; ++i) timesteps[n - 1 - i] = static_cast<float>(i * (train_steps / n) + offset);
    return timesteps;
}

std::vector<double> linspace(double start, double stop, int64_t n) {
    std::vector<double> values(n, start);
    if (n < 2) return values;
    const double step = (stop - start) / static_cast<double>(n - 1);
    for (int64_t i = 0; i < n; ++i) values[i] = static_cast<double>(i) * step + start;
    values.back() = stop;
    return values;
}

double interpolate(double x, const std::vector<float>& table) {
    if (x <= 0) return table.front();
    const double last = static_cast<double>(table.size() - 1);
    if (x >= last) return table.back();
    const size_t i = static_cast<size_t>(std::floor(x));
    const double slope = static_cast<double>(table[i + 1]) - table[i];
    return slope * (x - static_cast<double>(i)) + table[i];
}

std::vector<double> karras_sigmas(double sigma_min, double sigma_max, int64_t n) {
    constexpr double rho = 7.0;
    const double min_inv = std::pow(sigma_min, 1 / rho), max_inv = std::pow(sigma_max, 1 / rho);
    std::vector<double> sigmas = linspace(0, 1, n);
    for (double& ramp : sigmas) ramp = std::pow(max_inv + ramp * (min_inv - max_inv), rho);
    return sigmas;
}

double sigma_to_t(double sigma, const std::vector<float>& table) {
    const double log_sigma = std::log(std::max(sigma, 1e-10));
    size_t low = 0;
    for (size_t i = 0; i < table.size(); ++i)
        if (log_sigma - static_cast<double>(std::log(table[i])) >= 0) low = i;
    low = std::min(low, table.size() - 2);
    const double log_low = std::log(table[low]), log_high = std::log(table[low + 1]);
    const double w = std::clamp((log_low - log_sigma) / (log_low - log_high), 0.0, 1.0);
    return (1 - w) * static_cast<double>(low) + w * static_cast<double>(low + 1);
}

}  // namespace lk::diffusion
