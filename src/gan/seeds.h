// Latent vectors "from seed N" as NVIDIA's StyleGAN2 tools draw them:
// np.random.RandomState(N).randn(...), reproduced bit for bit so that a seed names the same face
// here as it does there.
#pragma once

#include <ATen/core/Tensor.h>

#include <array>
#include <cstddef>
#include <cstdint>
#include <vector>

namespace lk::gan {

// numpy's legacy RandomState (MT19937) for an integer seed: its uniform doubles and its polar
// Box-Muller normals, including the second normal of each pair that it keeps for the next draw.
class LegacyRandomState {
public:
    // Seeds outside 0..2^32-1 are refused, as numpy refuses them.
    explicit LegacyRandomState(std::int64_t seed);

    // The next `count` values of RandomState.randn; consecutive calls continue one stream, so
    // randn(3) then randn(2) equals randn(5).
    std::vector<double> randn(std::size_t count);

    // The next RandomState.random_sample() value: 53 random bits in [0, 1).
    double random_sample();

    // The next RandomState.standard_normal() value; randn is this, `count` times.
    double standard_normal();

    // A uniform integer in [0, max] as numpy's random_interval draws it (masked rejection), the
    // step of RandomState.shuffle, permutation and choice(n, m, replace=False).
    std::uint64_t random_interval(std::uint64_t max);

private:
    std::uint32_t next_uint32();
    void regenerate();

    static constexpr std::size_t state_size = 624;
    std::array<std::uint32_t, state_size> state_{};
    std::size_t position_ = state_size;
    bool has_cached_normal_ = false;
    double cached_normal_ = 0.0;
};

// A float32 tensor of shape (seeds.size(), z_dim) whose row i is RandomState(seeds[i]).randn(z_dim)
// rounded to float32: the latents generate.py feeds the network.
at::Tensor latents_from_seeds(const std::vector<std::int64_t>& seeds, std::int64_t z_dim);

}  // namespace lk::gan
