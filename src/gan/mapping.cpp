#include "gan/mapping.h"

#include <ATen/TensorOperators.h>
#include <ATen/ops/cat.h>
#include <ATen/ops/lerp.h>

namespace lk::gan {

Mapping::Mapping(const std::string& prefix, int64_t z_dim, int64_t c_dim, int64_t num_ws,
                 const MappingConfig& config, const Weights& weights)
    : z_dim_(z_dim), c_dim_(c_dim), num_ws_(num_ws) {
    if (c_dim_ > 0)
        embed_.emplace(weights.at(prefix + ".embed.weight"), weights.at(prefix + ".embed.bias"),
                       1.0, false);
    for (int64_t i = 0; i < config.num_layers; ++i) {
        const std::string fc = prefix + ".fc" + std::to_string(i);
        layers_.emplace_back(weights.at(fc + ".weight"), weights.at(fc + ".bias"),
                             config.lr_multiplier, true);
    }
    if (config.has_w_avg) w_avg_ = weights.at(prefix + ".w_avg");
}

at::Tensor Mapping::operator()(const at::Tensor& z, const at::Tensor& c, double psi,
                               std::optional<int64_t> cutoff) const {
    at::Tensor x;
    if (z_dim_ > 0) x = normalize_2nd_moment(z);
    if (c_dim_ > 0) {
        const at::Tensor y = normalize_2nd_moment((*embed_)(c));
        x = x.defined() ? at::cat({x, y}, 1) : y;
    }
    for (const FullyConnected& layer : layers_) x = layer(x);
    if (num_ws_ == 0) return x;
    at::Tensor ws = x.unsqueeze(1).repeat({1, num_ws_, 1});
    if (psi == 1) return ws;
    if (!cutoff) return w_avg_.lerp(ws, psi);
    const at::Tensor head = ws.narrow(1, 0, *cutoff);
    head.copy_(w_avg_.lerp(head, psi));
    return ws;
}

}  // namespace lk::gan
