// Argument checks, device dispatch and the CPU reference of bias_act.h.
#include "kernels/bias_act.h"

#include "core/error.h"
#include "kernels/device.h"
#include "kernels/image_tensor.h"

#include <ATen/Dispatch.h>
#include <ATen/Parallel.h>
#include <ATen/core/grad_mode.h>
#include <ATen/ops/empty.h>
#include <ATen/ops/sum.h>
#include <c10/util/StringUtil.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <vector>

namespace lk {
namespace {

// Enough elements per task to outweigh scheduling, as ATen's own elementwise ops give a thread.
constexpr int64_t elements_per_task = 32768;

void check_floating(const char* op, const char* name, const at::Tensor& t) {
    if (!t.defined()) fail(LK_ERR_INVALID_ARGUMENT, "{} got an undefined {} tensor", op, name);
    const at::ScalarType type = t.scalar_type();
    if (type != at::kFloat && type != at::kHalf && type != at::kBFloat16)
        fail(LK_ERR_INVALID_ARGUMENT, "{} needs {} as float32, float16 or bfloat16, got {}", op,
             name, c10::toString(type));
    if (t.dim() < 1)
        fail(LK_ERR_INVALID_ARGUMENT, "{} needs {} with at least one dimension, got a scalar", op,
             name);
}

// A second tensor must share the first one's dtype and device.
void check_companion(const char* op, const char* name, const at::Tensor& t, const char* of,
                     const at::Tensor& first) {
    if (t.scalar_type() != first.scalar_type())
        fail(LK_ERR_INVALID_ARGUMENT, "{} needs {} in {}'s dtype {}, got {}", op, name, of,
             c10::toString(first.scalar_type()), c10::toString(t.scalar_type()));
    if (t.device() != first.device())
        fail(LK_ERR_INVALID_ARGUMENT, "{} needs {} on {}'s device {}, got {}", op, name, of,
             first.device().str(), t.device().str());
}

// Checks the scalar arguments both directions share and packs them for the kernels.
detail::BiasActParams params_of(const char* op, Activation act, float alpha, float gain,
                                std::optional<float> clamp) {
    if (act != Activation::linear && act != Activation::lrelu)
        fail(LK_ERR_INVALID_ARGUMENT, "{} got an unknown activation {}", op, int(act));
    if (!std::isfinite(alpha) || !std::isfinite(gain))
        fail(LK_ERR_INVALID_ARGUMENT, "{} needs a finite alpha and gain, got alpha {} and gain {}",
             op, alpha, gain);
    if (act == Activation::lrelu && alpha < 0)
        fail(LK_ERR_INVALID_ARGUMENT,
             "{} needs alpha >= 0 for lrelu, as the backward pass reads the slope from the sign "
             "of the output; got alpha {}", op, alpha);
    if (clamp && !(std::isfinite(*clamp) && *clamp >= 0))
        fail(LK_ERR_INVALID_ARGUMENT, "{} needs a finite clamp >= 0 when one is given, got {}",
             op, *clamp);
    return {act == Activation::lrelu ? alpha : 1.0f, gain,
            clamp.value_or(std::numeric_limits<float>::infinity()), clamp.has_value()};
}

// The product of the sizes after dimension 1: how many elements share one bias value in a row.
int64_t inner_size(const at::Tensor& x) {
    int64_t inner = 1;
    for (int64_t d = 2; d < x.dim(); ++d) inner *= x.size(d);
    return inner;
}

// The innermost loops, on pointers the callers guarantee distinct (each writes a fresh tensor)
// and parameters held by value, so that nothing can alias and the loops vectorize.
template <typename T>
void forward_run(const T* __restrict__ in, T* __restrict__ out, int64_t n, float bias,
                 detail::BiasActParams p) {
    for (int64_t i = 0; i < n; ++i)
        out[i] = static_cast<T>(detail::bias_act_value(static_cast<float>(in[i]), bias, p));
}

template <typename T>
void backward_run(const T* __restrict__ grad_out, const T* __restrict__ y,
                  T* __restrict__ grad_x, int64_t n, detail::BiasActParams p) {
    for (int64_t i = 0; i < n; ++i)
        grad_x[i] = static_cast<T>(detail::bias_act_gradient(static_cast<float>(grad_out[i]),
                                                             static_cast<float>(y[i]), p));
}

at::Tensor bias_act_cpu(const at::Tensor& x, const at::Tensor& bias, int64_t channels,
                        int64_t inner, const detail::BiasActParams& p) {
    at::Tensor out = at::empty(x.sizes(), x.options());
    const int64_t total = out.numel();
    if (total == 0) return out;
    LK_DISPATCH_MODEL_FLOATS(x.scalar_type(), "bias_act", [&] {
        const scalar_t* in = x.const_data_ptr<scalar_t>();
        const scalar_t* b = bias.defined() ? bias.const_data_ptr<scalar_t>() : nullptr;
        scalar_t* dst = out.mutable_data_ptr<scalar_t>();
        at::parallel_for(0, total, elements_per_task, [&](int64_t begin, int64_t end) {
            // One run per stretch of elements that share a bias value, so the innermost loop
            // has no division.
            for (int64_t i = begin; i < end;) {
                const int64_t run = i / inner;
                const int64_t run_end = std::min(end, (run + 1) * inner);
                const float run_bias = b ? static_cast<float>(b[run % channels]) : detail::no_bias;
                forward_run(in + i, dst + i, run_end - i, run_bias, p);
                i = run_end;
            }
        });
    });
    return out;
}

// The sum of a run of gradients in double, in four independent chains so that the additions
// overlap instead of waiting on one another.
template <typename T>
double sum_run(const T* values, int64_t n) {
    double sums[4] = {0, 0, 0, 0};
    int64_t i = 0;
    for (; i + 4 <= n; i += 4)
        for (int k = 0; k < 4; ++k) sums[k] += static_cast<double>(values[i + k]);
    for (; i < n; ++i) sums[0] += static_cast<double>(values[i]);
    return (sums[0] + sums[1]) + (sums[2] + sums[3]);
}

// With the bias gradient, each run of inner elements is summed as soon as it is written, while
// it is still in cache, instead of read back from memory by a separate reduction.
BiasActGradients bias_act_backward_cpu(const at::Tensor& grad_out, const at::Tensor& y,
                                       bool with_bias_gradient, int64_t channels, int64_t inner,
                                       const detail::BiasActParams& p) {
    BiasActGradients gradients;
    gradients.x = at::empty(grad_out.sizes(), grad_out.options());
    const int64_t total = gradients.x.numel();
    const int64_t runs = inner == 0 ? 0 : total / inner;
    at::Tensor run_sums =
        with_bias_gradient ? at::empty({runs}, grad_out.options().dtype(at::kDouble))
                           : at::Tensor();
    LK_DISPATCH_MODEL_FLOATS(grad_out.scalar_type(), "bias_act_backward", [&] {
        const scalar_t* g = grad_out.const_data_ptr<scalar_t>();
        const scalar_t* out = y.const_data_ptr<scalar_t>();
        scalar_t* dst = gradients.x.mutable_data_ptr<scalar_t>();
        if (!with_bias_gradient) {
            at::parallel_for(0, total, elements_per_task, [&](int64_t begin, int64_t end) {
                backward_run(g + begin, out + begin, dst + begin, end - begin, p);
            });
            return;
        }
        double* sums = run_sums.mutable_data_ptr<double>();
        const int64_t runs_per_task = std::max<int64_t>(1, elements_per_task / std::max<int64_t>(1, inner));
        at::parallel_for(0, runs, runs_per_task, [&](int64_t begin, int64_t end) {
            for (int64_t run = begin; run < end; ++run) {
                const int64_t first = run * inner;
                backward_run(g + first, out + first, dst + first, inner, p);
                sums[run] = sum_run(dst + first, inner);
            }
        });
    });
    if (with_bias_gradient)
        gradients.bias = run_sums.view({runs / std::max<int64_t>(1, channels), channels})
                             .sum(0)
                             .to(grad_out.scalar_type());
    return gradients;
}

}  // namespace

at::Tensor bias_act(const at::Tensor& x, const at::Tensor& bias, Activation act, float alpha,
                    float gain, std::optional<float> clamp) {
    constexpr const char* op = "bias_act";
    check_floating(op, "x", x);
    const detail::BiasActParams p = params_of(op, act, alpha, gain, clamp);
    if (bias.defined()) {
        if (x.dim() < 2)
            fail(LK_ERR_INVALID_ARGUMENT,
                 "{} adds the bias along dimension 1, but x has only 1 dimension", op);
        if (bias.dim() != 1 || bias.size(0) != x.size(1))
            fail(LK_ERR_INVALID_ARGUMENT,
                 "{} needs a bias of shape ({}) to match x of shape {}, got shape {}", op,
                 x.size(1), c10::str(x.sizes()), c10::str(bias.sizes()));
        check_companion(op, "bias", bias, "x", x);
    }
    if (at::GradMode::is_enabled() &&
        (x.requires_grad() || (bias.defined() && bias.requires_grad())))
        return detail::bias_act_autograd(x, bias, act, alpha, gain, clamp);
    // The loops walk memory in order; a strided input costs one copy, the generator's
    // activations none.
    const at::Tensor xc = x.contiguous();
    const at::Tensor bc = bias.defined() ? bias.contiguous() : bias;
    const int64_t channels = x.dim() >= 2 ? x.size(1) : 1;
#if LIKENESS_CUDA
    if (x.is_cuda()) return detail::bias_act_cuda(xc, bc, channels, inner_size(x), p);
#endif
    detail::check_cpu(op, x);
    return bias_act_cpu(xc, bc, channels, inner_size(x), p);
}

BiasActGradients bias_act_backward(const at::Tensor& grad_out, const at::Tensor& y,
                                   bool with_bias_gradient, Activation act, float alpha,
                                   float gain, std::optional<float> clamp) {
    constexpr const char* op = "bias_act_backward";
    check_floating(op, "grad_out", grad_out);
    check_floating(op, "y", y);
    const detail::BiasActParams p = params_of(op, act, alpha, gain, clamp);
    if (y.sizes() != grad_out.sizes())
        fail(LK_ERR_INVALID_ARGUMENT, "{} needs y shaped like grad_out {}, got {}", op,
             c10::str(grad_out.sizes()), c10::str(y.sizes()));
    check_companion(op, "y", y, "grad_out", grad_out);
    if (with_bias_gradient && grad_out.dim() < 2)
        fail(LK_ERR_INVALID_ARGUMENT,
             "{} sums the bias gradient over every dimension but 1, but grad_out has only 1 "
             "dimension", op);
    const at::Tensor gc = grad_out.contiguous(), yc = y.contiguous();
    const int64_t channels = grad_out.dim() >= 2 ? grad_out.size(1) : 1;
#if LIKENESS_CUDA
    if (grad_out.is_cuda()) {
        BiasActGradients gradients;
        gradients.x = detail::bias_act_backward_cuda(gc, yc, p);
        // ATen's reduction is one pass at memory speed on the GPU.
        if (with_bias_gradient) {
            std::vector<int64_t> dims;
            for (int64_t d = 0; d < grad_out.dim(); ++d)
                if (d != 1) dims.push_back(d);
            gradients.bias = gradients.x.sum(dims);
        }
        return gradients;
    }
#endif
    detail::check_cpu(op, grad_out);
    return bias_act_backward_cpu(gc, yc, with_bias_gradient, channels, inner_size(grad_out), p);
}

}  // namespace lk
