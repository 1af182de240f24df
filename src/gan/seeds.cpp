#include "gan/seeds.h"

#include "core/error.h"

#include <ATen/ops/empty.h>

#include <cmath>

namespace lk::gan {
namespace {

constexpr std::int64_t max_seed = 0xFFFFFFFF;

void check_seed(std::int64_t seed) {
    if (seed < 0 || seed > max_seed) {
        fail(LK_ERR_INVALID_ARGUMENT, "seed {} is outside 0..{}, the seeds numpy's RandomState accepts",
             seed, max_seed);
    }
}

}  // namespace

LegacyRandomState::LegacyRandomState(std::int64_t seed) {
    check_seed(seed);
    // Knuth's linear initialisation (MT19937's init_genrand), which numpy uses for a scalar integer
    // seed; an array seed would go through init_by_array instead, and give a different stream.
    state_[0] = static_cast<std::uint32_t>(seed);
    for (std::size_t i = 1; i < state_size; ++i) {
        const std::uint32_t previous = state_[i - 1];
        state_[i] = 1812433253u * (previous ^ (previous >> 30)) + static_cast<std::uint32_t>(i);
    }
}

void LegacyRandomState::regenerate() {
    constexpr std::size_t shift = 397;
    constexpr std::uint32_t matrix = 0x9908B0DFu, upper = 0x80000000u, lower = 0x7FFFFFFFu;
    for (std::size_t i = 0; i < state_size; ++i) {
        const std::uint32_t y = (state_[i] & upper) | (state_[(i + 1) % state_size] & lower);
        state_[i] = state_[(i + shift) % state_size] ^ (y >> 1) ^ ((y & 1u) ? matrix : 0u);
    }
    position_ = 0;
}

std::uint32_t LegacyRandomState::next_uint32() {
    if (position_ == state_size) {
        regenerate();
    }
    std::uint32_t y = state_[position_++];
    y ^= y >> 11;
    y ^= (y << 7) & 0x9D2C5680u;
    y ^= (y << 15) & 0xEFC60000u;
    y ^= y >> 18;
    return y;
}

std::uint64_t LegacyRandomState::random_interval(std::uint64_t max) {
    if (max == 0) return 0;
    std::uint64_t mask = max;
    for (int shift = 1; shift <= 32; shift *= 2) mask |= mask >> shift;
    std::uint64_t value;
    if (max <= 0xffffffffu) {
        do value = next_uint32() & mask; while (value > max);
    } else {
        // MT19937's 64-bit draw: two 32-bit ones, the first in the high half.
        do {
            const std::uint64_t high = next_uint32();
            value = (high << 32 | next_uint32()) & mask;
        } while (value > max);
    }
    return value;
}

double LegacyRandomState::random_sample() {
    // 27 high bits of one draw and 26 of the next make the 53-bit mantissa, as numpy does.
    const std::uint32_t high = next_uint32() >> 5;
    const std::uint32_t low = next_uint32() >> 6;
    return (high * 67108864.0 + low) / 9007199254740992.0;
}

double LegacyRandomState::standard_normal() {
    if (has_cached_normal_) {
        has_cached_normal_ = false;
        return cached_normal_;
    }
    double x1, x2, r2;
    do {
        x1 = 2.0 * random_sample() - 1.0;
        x2 = 2.0 * random_sample() - 1.0;
        r2 = x1 * x1 + x2 * x2;
    } while (r2 >= 1.0 || r2 == 0.0);
    const double f = std::sqrt(-2.0 * std::log(r2) / r2);
    // numpy hands out f * x2 first and keeps f * x1 for the next call.
    cached_normal_ = f * x1;
    has_cached_normal_ = true;
    return f * x2;
}

std::vector<double> LegacyRandomState::randn(std::size_t count) {
    std::vector<double> values(count);
    for (double& value : values) {
        value = standard_normal();
    }
    return values;
}

at::Tensor latents_from_seeds(const std::vector<std::int64_t>& seeds, std::int64_t z_dim) {
    if (z_dim <= 0) {
        fail(LK_ERR_INVALID_ARGUMENT, "z_dim must be positive, not {}", z_dim);
    }
    // Every seed is checked before any work, so a bad one late in a long list fails fast.
    for (const std::int64_t seed : seeds) {
        check_seed(seed);
    }
    at::Tensor latents =
        at::empty({static_cast<std::int64_t>(seeds.size()), z_dim}, at::TensorOptions(at::kFloat));
    float* row = latents.data_ptr<float>();
    for (const std::int64_t seed : seeds) {
        LegacyRandomState state(seed);
        for (std::int64_t i = 0; i < z_dim; ++i) {
            row[i] = static_cast<float>(state.standard_normal());
        }
        row += z_dim;
    }
    return latents;
}

}  // namespace lk::gan
