// Upsample, pad, FIR-filter and downsample a batch of images in one pass (NVIDIA's upfirdn2d).
// Stock ops need a zero-inserted copy of the image, a padded copy, and a depthwise convolution
// that multiplies every inserted zero; the fused op visits only the taps that meet input pixels.
// Differentiable to any order: the gradient of upfirdn2d is upfirdn2d again.
#pragma once

#include <ATen/core/Tensor.h>
#include <c10/macros/Macros.h>

#include <array>
#include <cstdint>

namespace lk {

// Padding before and after, in x then y: (x0, x1, y0, y1), relative to the upsampled image.
// Negative values crop.
using Padding = std::array<int64_t, 4>;

// x (N, C, H, W), float32, float16 or bfloat16 (computed in float), on the CPU or a CUDA device;
// f: float32 (any device), 2-D (fh, fw), or 1-D (taps), which filters rows and then columns
// with it as NVIDIA does (the same result as its outer product, up to rounding; between the
// two passes half and bfloat16 values are stored in their type, as NVIDIA's are).
// 1. upsample by inserting up - 1 zeros after each pixel, 2. pad (or crop) by `padding`,
// 3. convolve every channel with f (a true convolution; flip_filter makes it a correlation)
//    times gain, keeping only the outputs whose footprint lies inside the padded image,
// 4. keep every down-th pixel from the first.
// Output (N, C, (H * up + y0 + y1 - fh) / down + 1, likewise in x), contiguous, x's dtype.
// Autograd-aware when x requires grad; f must not (LK_ERR_INVALID_ARGUMENT). up and down >= 1,
// gain finite, and the padding must leave at least one output pixel.
at::Tensor upfirdn2d(const at::Tensor& x, const at::Tensor& f, int64_t up, int64_t down,
                     Padding padding, bool flip_filter, float gain);

namespace detail {

// One pass of the kernels: a 2-D filter, with factors per axis, so that the separable case is
// two passes of this.
struct Upfirdn2dPass {
    int64_t up_x, up_y, down_x, down_y;
    int64_t pad_x0, pad_y0;  // the after-paddings only set the output size
    int64_t in_h, in_w, out_h, out_w;
    int64_t filter_h, filter_w;
};

// The first tap of a filter axis that lands on an input pixel, and that pixel: output position
// `out` reads the upsampled, padded image from out * down - pad on, where only multiples of up
// are input pixels.
struct FirstTap {
    int64_t tap, pixel;
};

C10_HOST_DEVICE inline FirstTap first_tap(int64_t out, int64_t up, int64_t down, int64_t pad) {
    const int64_t start = out * down - pad;
    const int64_t tap = start < 0 ? -start : (up - start % up) % up;
    return {tap, (start + tap) / up};
}

// Adds the products of one filter row to `sum`: the input row `row` (in_w pixels) against the
// filter row `taps` from tx.tap on, every up_x-th tap, the first on pixel tx.pixel.
template <typename T>
C10_HOST_DEVICE inline float upfirdn2d_row(float sum, const T* row, const float* taps,
                                           const Upfirdn2dPass& p, FirstTap tx) {
    int64_t ix = tx.pixel;
    for (int64_t j = tx.tap; j < p.filter_w && ix < p.in_w; j += p.up_x, ++ix)
        sum += static_cast<float>(row[ix]) * taps[j];
    return sum;
}

// One output pixel of one channel: `plane` is the channel's input (in_h, in_w), `filter` the
// filter flipped for correlation and scaled by the gain, (filter_h, filter_w) in float, ty and
// tx the first taps of the pixel's row and column. The products are summed filter row by
// filter row, each row's in tap order: the CUDA kernel calls this, the CPU loops add in the
// same order, so both round alike.
template <typename T>
C10_HOST_DEVICE inline float upfirdn2d_value(const T* plane, const float* filter,
                                             const Upfirdn2dPass& p, FirstTap ty, FirstTap tx) {
    float sum = 0.0f;
    int64_t iy = ty.pixel;
    for (int64_t i = ty.tap; i < p.filter_h && iy < p.in_h; i += p.up_y, ++iy)
        sum = upfirdn2d_row(sum, plane + iy * p.in_w, filter + i * p.filter_w, p, tx);
    return sum;
}

// One pass on checked arguments: x contiguous (N, C, in_h, in_w), filter contiguous float32
// (filter_h, filter_w) on x's device, already flipped and scaled. Dispatches to the CPU
// reference or the CUDA kernel.
at::Tensor upfirdn2d_pass(const at::Tensor& x, const at::Tensor& filter, const Upfirdn2dPass& p);

#if LIKENESS_CUDA
at::Tensor upfirdn2d_pass_cuda(const at::Tensor& x, const at::Tensor& filter,
                               const Upfirdn2dPass& p);
#endif

// upfirdn2d on checked arguments without autograd: what the autograd Function runs both ways.
at::Tensor upfirdn2d_forward(const at::Tensor& x, const at::Tensor& f, int64_t up, int64_t down,
                             Padding padding, bool flip_filter, float gain);

// upfirdn2d through the autograd Function (upfirdn2d_autograd.cpp), on checked arguments.
at::Tensor upfirdn2d_autograd(const at::Tensor& x, const at::Tensor& f, int64_t up,
                              int64_t down, Padding padding, bool flip_filter, float gain);

}  // namespace detail
}  // namespace lk
