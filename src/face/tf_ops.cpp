#include "face/tf_ops.h"

#include <ATen/ops/constant_pad_nd.h>
#include <ATen/ops/conv2d.h>
#include <ATen/ops/max_pool2d.h>

#include <algorithm>
#include <limits>

namespace lk::face {

namespace {

// TensorFlow pads so that out = ceil(in / stride); of an odd total, the extra pixel goes after.
struct SamePadding {
    int64_t before, after;
};

SamePadding same_padding(int64_t in, int64_t kernel, int64_t stride) {
    const int64_t out = (in + stride - 1) / stride;
    const int64_t total = std::max<int64_t>((out - 1) * stride + kernel - in, 0);
    return {total / 2, total - total / 2};
}

}  // namespace

at::Tensor place(const at::Tensor& x, const Placement& placement) {
    const at::Tensor moved = x.to(placement.device, placement.dtype);
    return moved.dim() == 4 ? moved.contiguous(at::MemoryFormat::ChannelsLast) : moved;
}

at::Tensor to_host(const at::Tensor& x) {
    return x.to(c10::kCPU, at::kFloat).contiguous();
}

at::Tensor conv_same(const at::Tensor& x, const at::Tensor& weight, const at::Tensor& bias,
                     int64_t stride, int64_t groups) {
    const SamePadding h = same_padding(x.size(2), weight.size(2), stride);
    const SamePadding w = same_padding(x.size(3), weight.size(3), stride);
    const int64_t strides[2] = {stride, stride}, dilation[2] = {1, 1};
    if (h.before == h.after && w.before == w.after) {
        const int64_t padding[2] = {h.before, w.before};
        return at::conv2d(x, weight, bias, strides, padding, dilation, groups);
    }
    const int64_t none[2] = {0, 0};
    return at::conv2d(at::constant_pad_nd(x, {w.before, w.after, h.before, h.after}), weight, bias,
                      strides, none, dilation, groups);
}

at::Tensor separable_same(const at::Tensor& x, const at::Tensor& depthwise, const at::Tensor& pointwise,
                          const at::Tensor& bias, int64_t stride) {
    return at::conv2d(conv_same(x, depthwise, {}, stride, depthwise.size(0)), pointwise, bias);
}

at::Tensor conv_valid(const at::Tensor& x, const at::Tensor& weight, const at::Tensor& bias,
                      int64_t stride) {
    return at::conv2d(x, weight, bias, stride);
}

at::Tensor max_pool_same(const at::Tensor& x, int64_t kernel, int64_t stride) {
    const SamePadding h = same_padding(x.size(2), kernel, stride);
    const SamePadding w = same_padding(x.size(3), kernel, stride);
    const at::Tensor padded = h.before + h.after + w.before + w.after == 0
        ? x
        : at::constant_pad_nd(x, {w.before, w.after, h.before, h.after},
                              -std::numeric_limits<float>::infinity());
    return at::max_pool2d(padded, kernel, stride);
}

}  // namespace lk::face
