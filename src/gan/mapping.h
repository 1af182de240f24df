// StyleGAN2's mapping network: latents z (and labels c) to the intermediate latents ws that
// steer each synthesis layer.
#pragma once

#include "gan/config.h"
#include "gan/layers.h"
#include "gan/weights.h"

#include <optional>
#include <string>
#include <vector>

namespace lk::gan {

class Mapping {
public:
    // The tensors named prefix + ".fc0.weight" and so on. num_ws 0 returns the one w per sample
    // unbroadcast (N, w_dim), as the discriminator's label mapping does.
    Mapping(const std::string& prefix, int64_t z_dim, int64_t c_dim, int64_t num_ws,
            const MappingConfig& config, const Weights& weights);

    // z (N, z_dim), c (N, c_dim) or undefined when c_dim is 0 -> ws (N, num_ws, w_dim).
    // Truncation pulls the first `cutoff` ws (all when nullopt) towards w_avg:
    // w_avg + psi * (w - w_avg). Inputs are assumed checked by the Generator.
    at::Tensor operator()(const at::Tensor& z, const at::Tensor& c, double psi,
                          std::optional<int64_t> cutoff) const;

private:
    int64_t z_dim_, c_dim_, num_ws_;
    std::optional<FullyConnected> embed_;
    std::vector<FullyConnected> layers_;
    at::Tensor w_avg_;  // undefined when the model tracks no average
};

}  // namespace lk::gan
