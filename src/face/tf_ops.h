// The few TensorFlow semantics the face-api models were trained with and that libtorch spells
// differently: 'same' padding (asymmetric for even strides: the odd pixel goes after), and
// pooling over such padding. Tensors are NCHW float.
#pragma once

#include <ATen/core/Tensor.h>
#include <c10/core/Device.h>
#include <c10/core/ScalarType.h>

#include <cstdint>

namespace lk::face {

// Where a net runs and in what precision. Weights are folded in float on the CPU, then placed.
struct Placement {
    c10::Device device = c10::kCPU;
    at::ScalarType dtype = at::kFloat;
};

// A weight or an activation on the placement's device in its precision; 4-D tensors channels
// last, where oneDNN's CPU convolutions (depthwise ones above all) are fastest.
at::Tensor place(const at::Tensor& x, const Placement& placement);
// A net's output back as float on the CPU, contiguous, for the post-processing to read.
at::Tensor to_host(const at::Tensor& x);

// Convolution with TensorFlow's 'same' padding; `weight` OIHW, `bias` may be undefined,
// `groups` = channels for a depthwise filter.
at::Tensor conv_same(const at::Tensor& x, const at::Tensor& weight, const at::Tensor& bias,
                     int64_t stride, int64_t groups = 1);
// TensorFlow's separable convolution, 'same' padding: a depthwise filter ([C, 1, kh, kw]) with
// `stride`, then a pointwise one, then the bias.
at::Tensor separable_same(const at::Tensor& x, const at::Tensor& depthwise, const at::Tensor& pointwise,
                          const at::Tensor& bias, int64_t stride);
// Convolution with TensorFlow's 'valid' padding (none).
at::Tensor conv_valid(const at::Tensor& x, const at::Tensor& weight, const at::Tensor& bias,
                      int64_t stride);
// Max pooling with TensorFlow's 'same' padding: padded cells never win.
at::Tensor max_pool_same(const at::Tensor& x, int64_t kernel, int64_t stride);

}  // namespace lk::face
