// The weights of StyleGAN2's modulated convolution for a batch of styles, modulated and
// demodulated in one pass (inference). The stock composition writes the modulated weights,
// their squares and the scaled result, three tensors the size of the batch's weights; the fused
// op writes the result once.
#pragma once

#include <ATen/core/Tensor.h>
#include <c10/macros/Macros.h>

#include <cmath>
#include <cstdint>

namespace lk {

// weight (O, I, kh, kw) and styles (N, I): float32, float16 or bfloat16, the same dtype and
// device (the CPU or a CUDA device), any strides. Returns (N, O, I, kh, kw), contiguous, in
// their dtype (half and bfloat16 computed in float): w = weight[o, i] * styles[n, i], and with
// demodulate w * rsqrt(sum of w^2 over (i, kh, kw) + 1e-8), each sample's output channel
// scaled to unit norm.
// Inference only: LK_ERR_INVALID_ARGUMENT if either input requires grad while grad mode is on
// (training modulates the activations instead, which autograd differentiates).
at::Tensor modulate_weight(const at::Tensor& weight, const at::Tensor& styles, bool demodulate);

namespace detail {

// The per-element arithmetic, shared by the CPU loops and the CUDA kernel.
C10_HOST_DEVICE inline float modulated(float weight, float style) {
    return weight * style;
}

// A correctly rounded square root and division on both devices, where rsqrt would be an
// approximation on the GPU.
C10_HOST_DEVICE inline float demodulation(float sum_of_squares) {
    return 1.0f / sqrtf(sum_of_squares + 1e-8f);
}

#if LIKENESS_CUDA
// The CUDA kernel (modulate_weight.cu) on contiguous, checked inputs.
at::Tensor modulate_weight_cuda(const at::Tensor& weight, const at::Tensor& styles,
                                bool demodulate);
#endif

}  // namespace detail
}  // namespace lk
