// The building blocks of StyleGAN2 inference, composed of stock ATen ops. Each computes what the
// corresponding op of NVIDIA's stylegan2-ada-pytorch computes, in the same order of float
// operations where that order shows in the result.
#pragma once

#include <ATen/core/Tensor.h>

#include <optional>

namespace lk::gan {

// x * rsqrt(mean(x^2 over dim 1) + 1e-8): every row scaled to unit second moment.
at::Tensor normalize_2nd_moment(const at::Tensor& x);

// The generator's leaky ReLU slope; bias, activation, gain and clamp run fused in
// kernels/bias_act.h.
inline constexpr float kLreluSlope = 0.2f;

// The gain that keeps unit variance through leaky ReLU: sqrt(2).
double lrelu_gain();

// A fully connected layer with equalized learning rate: the stored weight and bias are
// multiplied by lr_multiplier / sqrt(in_features) and lr_multiplier on every call, as in
// training, so that the layer shares its tensors with the model's Weights (an optimizer's
// updates show at once) and gradients reach them.
struct FullyConnected {
    at::Tensor weight;  // (out, in), as stored
    at::Tensor bias;    // (out), as stored
    double weight_gain = 1;
    double bias_gain = 1;
    bool lrelu = false;

    FullyConnected() = default;
    FullyConnected(const at::Tensor& stored_weight, const at::Tensor& stored_bias,
                   double lr_multiplier, bool lrelu);
    at::Tensor operator()(const at::Tensor& x) const;
};

// A convolution layer with equalized learning rate (the discriminator's): weight (O, I, k, k)
// scaled by 1 / sqrt(I k k) on every call, "same" padding, optionally downsampling by 2 (the
// filter first, then a strided convolution), then bias, activation and clamp fused.
struct Conv2d {
    at::Tensor weight;
    at::Tensor bias;    // undefined: no bias
    at::Tensor filter;  // 2-D, for down == 2
    int64_t down = 1;
    bool lrelu = false;
    std::optional<double> clamp;

    // gain multiplies the activation's own gain and the clamp, as NVIDIA's residual blocks ask.
    at::Tensor operator()(const at::Tensor& x, double gain = 1) const;
};

// Doubles the resolution: zero insertion, then the filter with gain 4 so that a constant image
// keeps its value, padded so that the output is exactly twice the input.
at::Tensor upsample2d(const at::Tensor& x, const at::Tensor& f);

// A 2-D filter from a stored resample_filter: a 1-D (separable) filter becomes its outer
// product, which filters identically.
at::Tensor filter_2d(const at::Tensor& stored);

// Style-modulated convolution. x (N, I, H, W); weight (O, I, k, k); styles (N, I). With up == 2
// the output is upsampled by a transposed convolution followed by the filter f; otherwise it
// keeps x's size (padding k / 2). With demodulate, each sample's modulated weight is scaled to
// unit norm per output channel. `noise`, if defined, is added to the result (it broadcasts to
// (N, O, H', W')).
// Fused, the batch runs as one grouped convolution with per-sample weights from
// kernels/modulate_weight.h (inference only);
// otherwise the styles and demodulation scale the activations around one shared convolution,
// which is what training differentiates. Both compute the same function.
at::Tensor modulated_conv2d(const at::Tensor& x, const at::Tensor& weight,
                            const at::Tensor& styles, const at::Tensor& noise, int64_t up,
                            const at::Tensor& f, bool demodulate, bool fused);

}  // namespace lk::gan
