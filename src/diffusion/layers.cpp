#include "diffusion/layers.h"

#include "core/error.h"

#include <ATen/TensorOperators.h>
#include <ATen/ops/constant_pad_nd.h>
#include <ATen/ops/conv2d.h>
#include <ATen/ops/empty.h>
#include <ATen/ops/group_norm.h>
#include <ATen/ops/layer_norm.h>
#include <ATen/ops/linear.h>
#include <ATen/ops/ones.h>
#include <ATen/ops/scaled_dot_product_attention.h>
#include <ATen/ops/silu.h>
#include <ATen/ops/upsample_nearest2d.h>
#include <ATen/ops/zeros.h>

#include <cmath>
#include <set>

namespace lk::diffusion {

void TensorSpecs::conv(const std::string& prefix, int64_t in, int64_t out, int64_t kernel,
                       bool bias) {
    const int64_t fan_in = in * kernel * kernel;
    specs_.push_back({prefix + ".weight", {out, in, kernel, kernel}, TensorSpec::Init::fan_in_uniform, fan_in});
    if (bias) specs_.push_back({prefix + ".bias", {out}, TensorSpec::Init::fan_in_uniform, fan_in});
}

void TensorSpecs::linear(const std::string& prefix, int64_t in, int64_t out, bool bias) {
    specs_.push_back({prefix + ".weight", {out, in}, TensorSpec::Init::fan_in_uniform, in});
    if (bias) specs_.push_back({prefix + ".bias", {out}, TensorSpec::Init::fan_in_uniform, in});
}

void TensorSpecs::norm(const std::string& prefix, int64_t channels) {
    specs_.push_back({prefix + ".weight", {channels}, TensorSpec::Init::ones, 0});
    specs_.push_back({prefix + ".bias", {channels}, TensorSpec::Init::zeros, 0});
}

void TensorSpecs::resnet(const std::string& prefix, int64_t in, int64_t out,
                         int64_t time_channels) {
    norm(prefix + ".norm1", in);
    conv(prefix + ".conv1", in, out, 3);
    if (time_channels > 0) linear(prefix + ".time_emb_proj", time_channels, out);
    norm(prefix + ".norm2", out);
    conv(prefix + ".conv2", out, out, 3);
    if (in != out) conv(prefix + ".conv_shortcut", in, out, 1);
}

void TensorSpecs::attention(const std::string& prefix, int64_t query_dim, int64_t context_dim,
                            int64_t inner_dim, bool bias) {
    linear(prefix + ".to_q", query_dim, inner_dim, bias);
    linear(prefix + ".to_k", context_dim, inner_dim, bias);
    linear(prefix + ".to_v", context_dim, inner_dim, bias);
    linear(prefix + ".to_out.0", inner_dim, query_dim);
}

void check_placement(const Placement& placement, const char* model) {
    const at::ScalarType dtype = placement.dtype;
    const bool cuda = placement.device.is_cuda();
    if (dtype == at::kFloat || dtype == at::kBFloat16 || (cuda && dtype == at::kHalf)) return;
    fail(LK_ERR_UNSUPPORTED, "{} on {} runs in {}, not {}", model, placement.device.str(),
         cuda ? "float32, bfloat16 or float16" : "float32 or bfloat16", c10::toString(dtype));
}

Weights checked_weights(Weights weights, const std::vector<TensorSpec>& specs,
                        const Placement& placement, const char* model) {
    check_placement(placement, model);
    std::set<std::string> expected;
    for (const TensorSpec& spec : specs) {
        expected.insert(spec.name);
        const at::IntArrayRef shape(spec.shape);
        const auto found = weights.find(spec.name);
        if (found == weights.end() || !found->second.defined())
            fail(LK_ERR_FORMAT, "{}: tensor {} (shape {}) is missing", model, spec.name,
                 c10::str(shape));
        at::Tensor& tensor = found->second;
        if (tensor.sizes() != shape)
            fail(LK_ERR_FORMAT, "{}: tensor {} has shape {}, expected {}", model, spec.name,
                 c10::str(tensor.sizes()), c10::str(shape));
        if (!at::isFloatingType(tensor.scalar_type()))
            fail(LK_ERR_FORMAT, "{}: tensor {} is {}, expected a float type", model, spec.name,
                 c10::toString(tensor.scalar_type()));
        tensor = tensor.to(placement.device, placement.dtype);
    }
    for (const auto& [name, tensor] : weights)
        if (!expected.count(name))
            fail(LK_ERR_FORMAT, "{}: unexpected tensor {} (shape {}) for this config", model,
                 printable(name), tensor.defined() ? c10::str(tensor.sizes()) : "undefined");
    return weights;
}

Weights initial_weights(const std::vector<TensorSpec>& specs, at::Generator& generator,
                        const Placement& placement) {
    const auto options = at::TensorOptions().dtype(at::kFloat).device(generator.device());
    Weights weights;
    for (const TensorSpec& spec : specs) {
        at::Tensor t;
        switch (spec.init) {
        case TensorSpec::Init::ones: t = at::ones(spec.shape, options); break;
        case TensorSpec::Init::zeros: t = at::zeros(spec.shape, options); break;
        case TensorSpec::Init::normal: t = at::empty(spec.shape, options).normal_(0, spec.std, generator); break;
        case TensorSpec::Init::fan_in_uniform: {
            // Both come to 1/sqrt(fan_in); the weight's is computed in kaiming_uniform_'s order
            // (gain for a = sqrt(5), then sqrt(3) * std) so that the same generator state gives
            // PyTorch's weights to the last bit.
            const double fan_in = static_cast<double>(spec.fan_in);
            const double a = std::sqrt(5.0);
            const double bound =
                spec.shape.size() == 1
                    ? 1.0 / std::sqrt(fan_in)
                    : std::sqrt(3.0) * (std::sqrt(2.0 / (1 + a * a)) / std::sqrt(fan_in));
            t = at::empty(spec.shape, options).uniform_(-bound, bound, generator);
            break;
        }
        }
        weights[spec.name] = t.to(placement.device, placement.dtype);
    }
    return weights;
}

const at::Tensor& weight(const Weights& weights, const std::string& name) {
    const auto found = weights.find(name);
    if (found == weights.end())
        fail(LK_ERR_INTERNAL, "the model has no tensor {}", name);
    return found->second;
}

namespace {

// The bias where the layer has one, undefined otherwise.
at::Tensor optional_bias(const Weights& weights, const std::string& prefix) {
    const auto found = weights.find(prefix + ".bias");
    return found == weights.end() ? at::Tensor() : found->second;
}

}  // namespace

at::Tensor conv2d(const at::Tensor& x, const Weights& weights, const std::string& prefix,
                  int64_t stride, int64_t padding) {
    const at::Tensor& w = weight(weights, prefix + ".weight");
    if (padding < 0) padding = w.size(-1) / 2;
    return at::conv2d(x, w, optional_bias(weights, prefix), stride, padding);
}

at::Tensor linear(const at::Tensor& x, const Weights& weights, const std::string& prefix) {
    return at::linear(x, weight(weights, prefix + ".weight"), optional_bias(weights, prefix));
}

at::Tensor group_norm(const at::Tensor& x, const Weights& weights, const std::string& prefix,
                      int64_t groups, double eps, bool silu) {
    at::Tensor y = at::group_norm(x, groups, weight(weights, prefix + ".weight"),
                                  weight(weights, prefix + ".bias"), eps);
    return silu ? at::silu(y) : y;
}

at::Tensor layer_norm(const at::Tensor& x, const Weights& weights, const std::string& prefix,
                      double eps) {
    return at::layer_norm(x, {x.size(-1)}, weight(weights, prefix + ".weight"),
                          weight(weights, prefix + ".bias"), eps);
}

at::Tensor resnet_block(const at::Tensor& x, const at::Tensor& time, const Weights& weights,
                        const std::string& prefix, int64_t groups, double eps) {
    at::Tensor h = conv2d(group_norm(x, weights, prefix + ".norm1", groups, eps, true), weights,
                          prefix + ".conv1");
    if (time.defined())
        h = h + linear(at::silu(time), weights, prefix + ".time_emb_proj").unsqueeze(-1).unsqueeze(-1);
    h = conv2d(group_norm(h, weights, prefix + ".norm2", groups, eps, true), weights,
               prefix + ".conv2");
    const at::Tensor shortcut = weights.count(prefix + ".conv_shortcut.weight")
                                    ? conv2d(x, weights, prefix + ".conv_shortcut")
                                    : x;
    return shortcut + h;
}

at::Tensor attention(const at::Tensor& x, const at::Tensor& context, const Weights& weights,
                     const std::string& prefix, int64_t heads) {
    const int64_t n = x.size(0);
    // (N, L, heads * d) -> (N, heads, L, d)
    const auto split = [&](const at::Tensor& t) {
        return t.view({n, t.size(1), heads, t.size(2) / heads}).transpose(1, 2);
    };
    const at::Tensor q = split(linear(x, weights, prefix + ".to_q"));
    const at::Tensor k = split(linear(context, weights, prefix + ".to_k"));
    const at::Tensor v = split(linear(context, weights, prefix + ".to_v"));
    const at::Tensor out = at::scaled_dot_product_attention(q, k, v);
    return linear(out.transpose(1, 2).reshape({n, x.size(1), -1}), weights, prefix + ".to_out.0");
}

at::Tensor spatial_self_attention(const at::Tensor& x, const Weights& weights,
                                  const std::string& prefix, int64_t groups, double eps) {
    const int64_t n = x.size(0), c = x.size(1), h = x.size(2), w = x.size(3);
    const at::Tensor tokens =
        group_norm(x, weights, prefix + ".group_norm", groups, eps, false).view({n, c, h * w}).transpose(1, 2);
    const at::Tensor out = attention(tokens, tokens, weights, prefix, 1);
    return out.transpose(1, 2).reshape({n, c, h, w}) + x;
}

at::Tensor downsample(const at::Tensor& x, const Weights& weights, const std::string& prefix,
                      bool asymmetric) {
    if (!asymmetric) return conv2d(x, weights, prefix + ".conv", 2, 1);
    return conv2d(at::constant_pad_nd(x, {0, 1, 0, 1}), weights, prefix + ".conv", 2, 0);
}

at::Tensor upsample(const at::Tensor& x, const Weights& weights, const std::string& prefix) {
    const at::Tensor up = at::upsample_nearest2d(x, {2 * x.size(2), 2 * x.size(3)});
    return conv2d(up, weights, prefix + ".conv");
}

}  // namespace lk::diffusion
