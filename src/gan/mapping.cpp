#include "gan/mapping.h"

#include <ATen/TensorOperators.h>
#include <ATen/ops/cat.h>
#include <ATen/ops/lerp.h>

namespace lk::gan {

Mapping::Mapping(const GeneratorConfig& config, const Weights& weights)
    : z_dim_(config.z_dim), c_dim_(config.c_dim), num_ws_(config.num_ws()) {
    if (c_dim_ > 0)
        embed_.emplace(weights.at("mapping.embed.weight"), weights.at("mapping.embed.bias"), 1.0,
                       false);
    for (int64_t i = 0; i < config.mapping.num_layers; ++i) {
        const std::string prefix = "mapping.fc" + std::to_string(i);
        layers_.emplace_back(weights.at(prefix + ".weight"), weights.at(prefix + ".bias"),
                             config.mapping.lr_multiplier, true);
    }
    if (config.mapping.has_w_avg) w_avg_ = weights.at("mapping.w_avg");
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
    at::Tensor ws = x.unsqueeze(1).repeat({1, num_ws_, 1});
    if (psi == 1) return ws;
    if (!cutoff) return w_avg_.lerp(ws, psi);
    const at::Tensor head = ws.narrow(1, 0, *cutoff);
    head.copy_(w_avg_.lerp(head, psi));
    return ws;
}

}  // namespace lk::gan
