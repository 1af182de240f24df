// The conversion every model shares: 8-bit images in, float tensors to the model, float tensors
// from the model back to 8-bit images. The CPU implementation is the reference that the CUDA
// kernels must match bit for bit.
#pragma once

#include <ATen/Dispatch.h>
#include <ATen/core/Tensor.h>
#include <c10/macros/Macros.h>

#include <cstdint>

namespace lk {

// pixels: uint8 (N, H, W, C), any strides, C in 1..4, on the CPU or a CUDA device.
// Returns float32 (N, C, H, W), contiguous, on the same device: pixel * scale + offset, rounded
// to float after the product and again after the sum, exactly as
// `pixels.permute({0, 3, 1, 2}).to(at::kFloat) * scale + offset` computes it.
// scale 2/255 with offset -1 gives [-1, 1]; 1/255 with 0 gives [0, 1].
at::Tensor images_to_tensor(const at::Tensor& pixels, float scale, float offset);

// x: float32, float16 or bfloat16 (N, C, H, W), any strides, C in 1..4, on the CPU or a CUDA
// device. Returns uint8 (N, H, W, C), contiguous, on the same device:
// clamp(round(float(x) * scale + offset), 0, 255), with the same two float roundings as above
// and ties rounded to even, exactly as
// `(x.to(at::kFloat) * scale + offset).round().clamp(0, 255).to(at::kByte)` computes it for every
// value that composition defines. Half and bfloat16 are widened to float first (stock half ops
// would round the intermediate results to half). NaN becomes 0: a model that emits NaN gives
// black pixels, never undefined behaviour. scale 127.5 with offset 127.5 inverts [-1, 1].
at::Tensor tensor_to_images(const at::Tensor& x, float scale, float offset);

namespace detail {

// The per-element arithmetic, shared by the CPU loops and the CUDA kernels so that both
// round alike.
C10_HOST_DEVICE inline float scale_and_offset(float value, float scale, float offset) {
#ifdef __CUDA_ARCH__
    // nvcc would otherwise fuse the two into one FMA, rounding once where the reference rounds
    // twice.
    return __fadd_rn(__fmul_rn(value, scale), offset);
#else
    // Two statements: compilers that contract within an expression (clang) must not fuse them.
    const float scaled = value * scale;
    return scaled + offset;
#endif
}

C10_HOST_DEVICE inline uint8_t to_pixel(float value, float scale, float offset) {
    const float v = scale_and_offset(value, scale, offset);
    if (!(v >= 0.0f)) return 0;  // negative values and NaN
    if (v >= 255.0f) return 255;
    // Adding 2^23 leaves no bits below the unit, so the addition's own round-to-nearest-even
    // does the rounding that at::round does, without a libm call that would stop vectorization.
    constexpr float shift = 8388608.0f;
    const float shifted = v + shift;
    return static_cast<uint8_t>(shifted - shift);
}

// Runs the generic lambda with scalar_t set to each dtype tensor_to_images accepts.
#define LK_DISPATCH_MODEL_FLOATS(type, name, ...)                  \
    AT_DISPATCH_SWITCH(type, name,                                 \
                       AT_DISPATCH_CASE(at::kFloat, __VA_ARGS__)    \
                       AT_DISPATCH_CASE(at::kHalf, __VA_ARGS__)     \
                       AT_DISPATCH_CASE(at::kBFloat16, __VA_ARGS__))

#if LIKENESS_CUDA
// The CUDA kernels (image_tensor.cu), called with arguments already checked.
at::Tensor images_to_tensor_cuda(const at::Tensor& pixels, float scale, float offset);
at::Tensor tensor_to_images_cuda(const at::Tensor& x, float scale, float offset);
#endif

}  // namespace detail
}  // namespace lk
