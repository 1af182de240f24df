// The generator's fused bias + activation + gain + clamp (NVIDIA's bias_act), forward and
// backward. Stock ops make four passes over the activation and keep three intermediates; the
// fused op reads it once and writes it once. The CPU implementation is the reference that the
// CUDA kernels must match bit for bit.
#pragma once

#include <ATen/core/Tensor.h>
#include <c10/macros/Macros.h>

#include <optional>

namespace lk {

enum class Activation {
    linear,  // identity
    lrelu,   // leaky ReLU: v > 0 ? v : v * alpha
};

// x: float32, float16 or bfloat16, rank >= 1, any strides, on the CPU or a CUDA device.
// bias: undefined, or a 1-dimensional tensor of x's dtype and device with x.size(1) elements
// (x then needs rank >= 2). Returns a contiguous tensor shaped and typed like x:
// clamp(act(x + bias) * gain, -clamp, clamp), each step rounded to float as the stock ops
// `y = x + bias.reshape({1, -1, 1...}); y = at::leaky_relu(y, alpha); y = y * gain;
// y = y.clamp(-clamp, clamp)` round it for float32, so the result equals theirs exactly.
// Half and bfloat16 are computed in float and rounded once at the end.
// Differentiable: where grad mode is on and x or bias requires grad, autograd records the op,
// and its backward (bias_act_backward) is itself differentiable, so gradients of gradients
// (R1, path-length regularization) work too.
// alpha and gain must be finite; for lrelu alpha must be >= 0 (bias_act_backward recovers the
// slope from the sign of the output, which a negative slope would flip). clamp, when given,
// must be finite and >= 0.
at::Tensor bias_act(const at::Tensor& x, const at::Tensor& bias, Activation act, float alpha,
                    float gain, std::optional<float> clamp);

struct BiasActGradients {
    at::Tensor x;     // contiguous, shaped and typed like grad_out
    at::Tensor bias;  // (C,): the x gradient summed over every dimension but 1, if requested
};

// The gradients of bias_act, from the gradient of its output and the output y itself (the
// input is not needed, so the forward pass need not keep it). grad_out and y: same shape, dtype
// and device, any strides; act, alpha, gain and clamp as given to bias_act.
// Equals what autograd computes through the stock ops, except where the clamp bites exactly:
// autograd passes the gradient of a value equal to +-clamp, while here (as in NVIDIA's
// kernels) every output at +-clamp gets none, since y cannot tell clamp from beyond it.
BiasActGradients bias_act_backward(const at::Tensor& grad_out, const at::Tensor& y,
                                   bool with_bias_gradient, Activation act, float alpha,
                                   float gain, std::optional<float> clamp);

namespace detail {

// bias_act recorded for autograd (bias_act_autograd.cpp); arguments already checked.
at::Tensor bias_act_autograd(const at::Tensor& x, const at::Tensor& bias, Activation act,
                             float alpha, float gain, std::optional<float> clamp);

// The scalar arguments as the per-element functions take them. The functions select rather
// than branch, so that the CPU loops vectorize and random signs cost no mispredictions; the
// selections multiply by 1 or compare against infinity where an option is off, which changes
// no bit of any value, NaN and -0 included.
struct BiasActParams {
    float negative_slope;  // alpha for lrelu, 1 for linear
    float gain;
    float clamp;  // +infinity when not clamped
    bool clamped;
};

// The bias of a call without one: -0 + v is v for every v, -0 and NaN included, so a missing
// bias changes no bit of the result.
constexpr float no_bias = -0.0f;

// The per-element arithmetic, shared by the CPU loops and the CUDA kernels so that both round
// alike. No product here feeds a sum, so no compiler can fuse one into an FMA.
C10_HOST_DEVICE inline float bias_act_value(float x, float bias, const BiasActParams& p) {
    float v = x + bias;
    v *= v > 0.0f ? 1.0f : p.negative_slope;
    v *= p.gain;
    // Comparisons rather than min/max, so that NaN stays NaN as in at::clamp.
    v = v > p.clamp ? p.clamp : v;
    v = v < -p.clamp ? -p.clamp : v;
    return v;
}

// In autograd's order: the clamp's mask, then the gain, then the activation's slope.
C10_HOST_DEVICE inline float bias_act_gradient(float grad_out, float y, const BiasActParams& p) {
    // NaN outputs fail the test too, as they fail autograd's clamp mask. & and | rather than
    // && and ||, whose short circuits would be branches.
    const bool passes = (!p.clamped) | ((y < p.clamp) & (y > -p.clamp));
    float g = grad_out * p.gain;
    // With alpha >= 0 the activation keeps the sign, and the gain flips it when negative.
    const bool positive = (p.gain > 0.0f ? y : -y) > 0.0f;
    g *= positive ? 1.0f : p.negative_slope;
    return passes ? g : 0.0f;
}

#if LIKENESS_CUDA
// The CUDA kernels (bias_act.cu), called with arguments already checked and made contiguous;
// bias is undefined or contiguous with `channels` elements. inner: the elements per channel per
// item, the product of x's sizes after dimension 1.
at::Tensor bias_act_cuda(const at::Tensor& x, const at::Tensor& bias, int64_t channels,
                         int64_t inner, const BiasActParams& p);
at::Tensor bias_act_backward_cuda(const at::Tensor& grad_out, const at::Tensor& y,
                                  const BiasActParams& p);
#endif

}  // namespace detail
}  // namespace lk
