#include "gan/synthesis.h"

#include "kernels/bias_act.h"

#include <ATen/TensorOperators.h>
#include <ATen/core/grad_mode.h>
#include <ATen/ops/randn.h>

#include <cmath>

namespace lk::gan {

namespace {

// Training differentiates the unfused form; inference runs the fused one (see modulated_conv2d).
bool fused() {
    return !at::GradMode::is_enabled();
}

// The config keeps conv_clamp as it was written (a double); the kernel computes in float.
std::optional<float> as_float(std::optional<double> clamp) {
    return clamp ? std::optional<float>(float(*clamp)) : std::nullopt;
}

}  // namespace

Synthesis::Synthesis(const GeneratorConfig& config, const Weights& weights)
    : conv_clamp_(config.synthesis.conv_clamp) {
    const auto layer = [&](const std::string& prefix, int64_t up, int64_t resolution) {
        Layer l;
        l.affine = FullyConnected(weights.at(prefix + ".affine.weight"),
                                  weights.at(prefix + ".affine.bias"), 1.0, false);
        l.weight = weights.at(prefix + ".weight");
        l.bias = weights.at(prefix + ".bias");
        if (config.synthesis.use_noise) {
            l.noise_const = weights.at(prefix + ".noise_const");
            l.noise_strength = weights.at(prefix + ".noise_strength");
        }
        l.filter = filter_2d(weights.at(prefix + ".resample_filter"));
        l.up = up;
        l.resolution = resolution;
        return l;
    };
    for (int64_t res : config.block_resolutions()) {
        const std::string prefix = "synthesis.b" + std::to_string(res);
        Block block;
        if (res == 4)
            block.constant = weights.at(prefix + ".const");
        else
            block.conv0 = layer(prefix + ".conv0", 2, res);
        block.conv1 = layer(prefix + ".conv1", 1, res);
        block.torgb.affine = FullyConnected(weights.at(prefix + ".torgb.affine.weight"),
                                            weights.at(prefix + ".torgb.affine.bias"), 1.0, false);
        block.torgb.weight = weights.at(prefix + ".torgb.weight");
        block.torgb.bias = weights.at(prefix + ".torgb.bias");
        block.filter = filter_2d(weights.at(prefix + ".resample_filter"));
        blocks_.push_back(std::move(block));
    }
}

at::Tensor Synthesis::Layer::operator()(const at::Tensor& x, const at::Tensor& w,
                                        NoiseMode noise_mode,
                                        std::optional<double> clamp) const {
    at::Tensor noise;
    if (noise_strength.defined() && noise_mode == NoiseMode::Random)
        noise = at::randn({x.size(0), 1, resolution, resolution}, x.options()) * noise_strength;
    if (noise_strength.defined() && noise_mode == NoiseMode::Const)
        noise = noise_const * noise_strength;
    const at::Tensor y = modulated_conv2d(x, weight, affine(w), noise, up, filter, true, fused());
    return lk::bias_act(y, bias, Activation::lrelu, kLreluSlope, float(lrelu_gain()),
                        as_float(clamp));
}

at::Tensor Synthesis::ToRgb::operator()(const at::Tensor& x, const at::Tensor& w,
                                        std::optional<double> clamp) const {
    // Scaling the styles rather than the weight: the equalized-lr gain of the 1x1 convolution,
    // which demodulation would otherwise cancel.
    const at::Tensor styles = affine(w) * (1 / std::sqrt(double(weight.size(1))));
    const at::Tensor y = modulated_conv2d(x, weight, styles, {}, 1, {}, false, fused());
    return lk::bias_act(y, bias, Activation::linear, 1.0f, 1.0f, as_float(clamp));
}

at::Tensor Synthesis::operator()(const at::Tensor& ws, NoiseMode noise_mode) const {
    at::Tensor x, img;
    // A block's convolutions read consecutive ws and its toRGB the one after them, which the
    // next block's conv0 reads too.
    int64_t index = 0;
    for (const Block& block : blocks_) {
        if (block.conv0) {
            x = (*block.conv0)(x, ws.select(1, index++), noise_mode, conv_clamp_);
        } else {
            x = block.constant.unsqueeze(0).repeat({ws.size(0), 1, 1, 1});
        }
        x = block.conv1(x, ws.select(1, index), noise_mode, conv_clamp_);
        const at::Tensor rgb = block.torgb(x, ws.select(1, index + 1), conv_clamp_);
        img = img.defined() ? upsample2d(img, block.filter) + rgb : rgb;
        ++index;
    }
    return img;
}

}  // namespace lk::gan
