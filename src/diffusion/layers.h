// The building blocks the UNet and the autoencoder share, each computing what the diffusers
// module of the same name computes (resnet.py, attention_processor.py, downsampling.py,
// upsampling.py), and the description of their tensors from which the models check loaded
// weights and draw fresh ones.
//
// The blocks read their tensors from the model's Weights by diffusers name on every call, so
// that in-place updates and requires_grad on those tensors take effect at once.
#pragma once

#include "diffusion/tensors.h"

#include <ATen/core/Generator.h>
#include <ATen/core/Tensor.h>

#include <cstdint>
#include <string>
#include <vector>

namespace lk::diffusion {

// One tensor a model expects, and how PyTorch's module constructors initialize it.
struct TensorSpec {
    enum class Init {
        fan_in_uniform,  // conv/linear weight and bias: U(-1/sqrt(fan_in), 1/sqrt(fan_in))
        ones,            // norm scales
        zeros,           // norm shifts
        normal,          // N(0, std^2), as transformers initializes CLIP's weights
    };
    std::string name;
    std::vector<int64_t> shape;
    Init init = Init::fan_in_uniform;
    int64_t fan_in = 0;
    double std = 0;  // Init::normal's
};

// A model's tensors in the order its diffusers module creates them, which is the order fresh
// weights are drawn in.
class TensorSpecs {
public:
    void conv(const std::string& prefix, int64_t in, int64_t out, int64_t kernel, bool bias = true);
    void linear(const std::string& prefix, int64_t in, int64_t out, bool bias = true);
    void norm(const std::string& prefix, int64_t channels);  // GroupNorm or LayerNorm
    // ResnetBlock2D; time_channels 0: no time embedding (the autoencoder's).
    void resnet(const std::string& prefix, int64_t in, int64_t out, int64_t time_channels);
    // diffusers' Attention: to_q, to_k, to_v (with `bias`), to_out.0 (always with a bias).
    void attention(const std::string& prefix, int64_t query_dim, int64_t context_dim,
                   int64_t inner_dim, bool bias);

    const std::vector<TensorSpec>& all() const { return specs_; }

private:
    std::vector<TensorSpec> specs_;
};

// `weights` checked against `specs` and converted to `placement`: LK_ERR_FORMAT naming the
// first missing, mis-shaped, non-float or unexpected tensor (`model` says whose, "UNet").
Weights checked_weights(Weights weights, const std::vector<TensorSpec>& specs,
                        const Placement& placement, const char* model);
// Fresh weights as the PyTorch modules initialize theirs, drawn from `generator` in the specs'
// order; drawn in float32 on the generator's device, then converted to `placement`.
Weights initial_weights(const std::vector<TensorSpec>& specs, at::Generator& generator,
                        const Placement& placement);
// LK_ERR_UNSUPPORTED unless the dtype is float32 or bfloat16 (CPU) or also float16 (CUDA).
void check_placement(const Placement& placement, const char* model);

// The tensor `name`; the constructors check every name, so a miss here is an internal error.
const at::Tensor& weight(const Weights& weights, const std::string& name);

// Convolution by prefix.weight and prefix.bias, zero padding `padding` (default: kernel / 2).
at::Tensor conv2d(const at::Tensor& x, const Weights& weights, const std::string& prefix,
                  int64_t stride = 1, int64_t padding = -1);
at::Tensor linear(const at::Tensor& x, const Weights& weights, const std::string& prefix);
// GroupNorm over channel dim 1, optionally followed by SiLU.
at::Tensor group_norm(const at::Tensor& x, const Weights& weights, const std::string& prefix,
                      int64_t groups, double eps, bool silu);
at::Tensor layer_norm(const at::Tensor& x, const Weights& weights, const std::string& prefix,
                      double eps);

// ResnetBlock2D (the "default" time-scale-shift, output scale 1): x + f(x), with a 1x1
// shortcut convolution where the channels change. `time` is the (N, time_channels) embedding
// before the block's SiLU, or undefined for blocks without one.
at::Tensor resnet_block(const at::Tensor& x, const at::Tensor& time, const Weights& weights,
                        const std::string& prefix, int64_t groups, double eps);

// Multi-head attention of diffusers' Attention: x (N, Lq, query_dim) attends to context
// (N, Lk, context_dim) through scaled-dot-product attention (scale 1/sqrt(head dim)).
at::Tensor attention(const at::Tensor& x, const at::Tensor& context, const Weights& weights,
                     const std::string& prefix, int64_t heads);

// The autoencoder's mid-block attention: a single head over all positions of (N, C, H, W),
// group norm first, residual added.
at::Tensor spatial_self_attention(const at::Tensor& x, const Weights& weights,
                                  const std::string& prefix, int64_t groups, double eps);

// Downsample2D with a convolution, stride 2: the UNet's pads 1 on every side, the
// autoencoder's encoder pads only right and bottom (asymmetric = true).
at::Tensor downsample(const at::Tensor& x, const Weights& weights, const std::string& prefix,
                      bool asymmetric);
// Upsample2D: nearest-neighbour doubling, then a 3x3 convolution.
at::Tensor upsample(const at::Tensor& x, const Weights& weights, const std::string& prefix);

}  // namespace lk::diffusion
