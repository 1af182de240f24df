#include "gan/layers.h"

#include "kernels/bias_act.h"
#include "kernels/modulate_weight.h"
#include "kernels/upfirdn2d.h"

#include <ATen/TensorOperators.h>
#include <ATen/ops/addmm.h>
#include <ATen/ops/convolution.h>
#include <ATen/ops/matmul.h>
#include <ATen/ops/mean.h>
#include <ATen/ops/outer.h>
#include <ATen/ops/rsqrt.h>
#include <ATen/ops/square.h>
#include <ATen/ops/sum.h>

#include <algorithm>
#include <cmath>

namespace lk::gan {

at::Tensor normalize_2nd_moment(const at::Tensor& x) {
    return x * (x.square().mean({1}, /*keepdim=*/true) + 1e-8).rsqrt();
}

double lrelu_gain() {
    return std::sqrt(2.0);
}

FullyConnected::FullyConnected(const at::Tensor& stored_weight, const at::Tensor& stored_bias,
                               double lr_multiplier, bool lrelu)
    : weight(stored_weight),
      bias(stored_bias),
      weight_gain(lr_multiplier / std::sqrt(double(stored_weight.size(1)))),
      bias_gain(lr_multiplier),
      lrelu(lrelu) {}

at::Tensor FullyConnected::operator()(const at::Tensor& x) const {
    const at::Tensor w = weight * weight_gain;
    const at::Tensor b = bias_gain != 1 ? bias * bias_gain : bias;
    if (!lrelu) return at::addmm(b.unsqueeze(0), x, w.t());
    return lk::bias_act(at::matmul(x, w.t()), b, Activation::lrelu, kLreluSlope,
                        float(lrelu_gain()), std::nullopt);
}

namespace {

// 2-D correlation with stride 1 and equal padding on every side.
at::Tensor convolve(const at::Tensor& x, const at::Tensor& w, int64_t padding, int64_t groups) {
    return at::convolution(x, w, std::nullopt, {1, 1}, {padding, padding}, {1, 1}, false, {0, 0},
                           groups);
}

}  // namespace

at::Tensor upsample2d(const at::Tensor& x, const at::Tensor& f) {
    const int64_t taps = f.size(0);
    const int64_t before = (taps + 1) / 2, after = (taps - 2) / 2;
    return lk::upfirdn2d(x, f, 2, 1, {before, after, before, after}, false, 4);
}

at::Tensor filter_2d(const at::Tensor& stored) {
    return stored.dim() == 1 ? at::outer(stored, stored) : stored;
}

namespace {

// Convolution of the grouped batch (1, N*I, H, W) with weights (N*O, I, k, k), optionally
// upsampling by `up` = 2 or downsampling by `down` = 2 (not both), without flipping the weight
// (the layers are trained as correlations).
at::Tensor conv2d_resample(const at::Tensor& x, const at::Tensor& w, const at::Tensor& f,
                           int64_t up, int64_t groups, int64_t down = 1) {
    const int64_t out = w.size(0), in = w.size(1), k = w.size(2);
    const int64_t padding = k / 2;
    if (down > 1) {
        // Filtering first and striding the convolution computes only the kept outputs; a 1x1
        // convolution commutes with the filter, so the filter can drop the pixels itself.
        const int64_t taps = f.size(0);
        const int64_t before = padding + (taps - down + 1) / 2;
        const int64_t after = padding + (taps - down) / 2;
        const Padding around{before, after, before, after};
        if (k == 1)
            return convolve(lk::upfirdn2d(x, f, 1, down, around, false, 1), w, 0, groups);
        return at::convolution(lk::upfirdn2d(x, f, 1, 1, around, false, 1), w, std::nullopt,
                               {down, down}, {0, 0}, {1, 1}, false, {0, 0}, groups);
    }
    if (up == 1) return convolve(x, w, padding, groups);

    // The padding that the filter needs, relative to the upsampled image, less what the
    // transposed convolution's own border already provides.
    const int64_t taps = f.size(0);
    const int64_t before = padding + (taps + up - 1) / 2 - (k - 1);
    const int64_t after = padding + (taps - up) / 2 - (k - up);
    const int64_t transposed_padding = std::max<int64_t>(std::min(-before, -after), 0);
    const at::Tensor wt = w.reshape({groups, out / groups, in, k, k})
                              .transpose(1, 2)
                              .reshape({groups * in, out / groups, k, k});
    const at::Tensor y = at::convolution(x, wt, std::nullopt, {up, up},
                                         {transposed_padding, transposed_padding}, {1, 1}, true,
                                         {0, 0}, groups);
    const int64_t b = before + transposed_padding, a = after + transposed_padding;
    return lk::upfirdn2d(y, f, 1, 1, {b, a, b, a}, false, float(up * up));
}

}  // namespace

at::Tensor modulated_conv2d(const at::Tensor& x, const at::Tensor& weight,
                            const at::Tensor& styles, const at::Tensor& noise, int64_t up,
                            const at::Tensor& f, bool demodulate, bool fused) {
    const int64_t batch = x.size(0);
    const int64_t out = weight.size(0), in = weight.size(1), k = weight.size(2);
    if (!fused) {
        at::Tensor y = conv2d_resample(x * styles.reshape({batch, -1, 1, 1}), weight, f, up, 1);
        if (demodulate) {
            const at::Tensor dcoefs =
                ((weight.unsqueeze(0) * styles.reshape({batch, 1, -1, 1, 1})).square().sum({2, 3, 4}) +
                 1e-8)
                    .rsqrt();
            y = y * dcoefs.reshape({batch, -1, 1, 1});
        }
        return noise.defined() ? y + noise : y;
    }
    const at::Tensor w = lk::modulate_weight(weight, styles, demodulate);
    at::Tensor y = conv2d_resample(x.reshape({1, batch * in, x.size(2), x.size(3)}),
                                   w.reshape({batch * out, in, k, k}), f, up, batch);
    y = y.reshape({batch, out, y.size(2), y.size(3)});
    if (noise.defined()) y = y + noise;
    return y;
}

at::Tensor Conv2d::operator()(const at::Tensor& x, double gain) const {
    const int64_t k = weight.size(2);
    const at::Tensor w = weight * (1 / std::sqrt(double(weight.size(1) * k * k)));
    const at::Tensor y = conv2d_resample(x, w, filter, 1, 1, down);
    const double act_gain = (lrelu ? lrelu_gain() : 1.0) * gain;
    const std::optional<float> act_clamp =
        clamp ? std::optional<float>(float(*clamp * gain)) : std::nullopt;
    return lk::bias_act(y, bias, lrelu ? Activation::lrelu : Activation::linear,
                        lrelu ? kLreluSlope : 1.0f, float(act_gain), act_clamp);
}

}  // namespace lk::gan
