// Argument checks, device dispatch and the CPU reference of image_tensor.h.
#include "kernels/image_tensor.h"

#include "core/error.h"
#include "kernels/device.h"

#include <ATen/Parallel.h>
#include <ATen/ops/empty.h>

#include <algorithm>
#include <cmath>

namespace lk {
namespace {

// The checks both directions share; `layout` names the dimensions, e.g. "(N, H, W, C)".
void check_arguments(const char* op, const at::Tensor& t, const char* layout, int64_t channel_dim,
                     float scale, float offset) {
    if (!t.defined())
        fail(LK_ERR_INVALID_ARGUMENT, "{} got an undefined tensor; expected one shaped {}", op,
             layout);
    if (t.dim() != 4)
        fail(LK_ERR_INVALID_ARGUMENT,
             "{} needs a 4-dimensional tensor shaped {}, got {} dimensions", op, layout, t.dim());
    const int64_t channels = t.size(channel_dim);
    if (channels < 1 || channels > 4)
        fail(LK_ERR_INVALID_ARGUMENT,
             "{} needs 1 to 4 channels (C in {}), got a tensor with {} channels", op, layout,
             channels);
    if (!std::isfinite(scale) || !std::isfinite(offset))
        fail(LK_ERR_INVALID_ARGUMENT,
             "{} needs a finite scale and offset, got scale {} and offset {}", op, scale, offset);
}

// Rows per task so that each task converts at least as many values as ATen's own elementwise
// ops give a thread (at::internal::GRAIN_SIZE); fewer cost more in scheduling than they save.
int64_t rows_per_task(int64_t values_per_row) {
    constexpr int64_t values_per_task = 32768;
    return std::max<int64_t>(1, values_per_task / std::max<int64_t>(1, values_per_row));
}

at::Tensor images_to_tensor_cpu(const at::Tensor& pixels, float scale, float offset) {
    const int64_t n = pixels.size(0), h = pixels.size(1), w = pixels.size(2), c = pixels.size(3);
    at::Tensor out = at::empty({n, c, h, w}, pixels.options().dtype(at::kFloat));
    if (out.numel() == 0) return out;
    const uint8_t* in = pixels.const_data_ptr<uint8_t>();
    float* dst = out.mutable_data_ptr<float>();
    const int64_t sn = pixels.stride(0), sy = pixels.stride(1), sx = pixels.stride(2),
                  sc = pixels.stride(3);
    // One task step per image row: the row is read once, while still in cache, into every
    // channel plane.
    at::parallel_for(0, n * h, rows_per_task(w * c), [&](int64_t begin, int64_t end) {
        for (int64_t row = begin; row < end; ++row) {
            const int64_t i = row / h, y = row % h;
            for (int64_t ch = 0; ch < c; ++ch) {
                const uint8_t* src = in + i * sn + y * sy + ch * sc;
                float* plane_row = dst + ((i * c + ch) * h + y) * w;
                for (int64_t x = 0; x < w; ++x)
                    plane_row[x] = detail::scale_and_offset(float(src[x * sx]), scale, offset);
            }
        }
    });
    return out;
}

at::Tensor tensor_to_images_cpu(const at::Tensor& x, float scale, float offset) {
    const int64_t n = x.size(0), c = x.size(1), h = x.size(2), w = x.size(3);
    at::Tensor out = at::empty({n, h, w, c}, x.options().dtype(at::kByte));
    if (out.numel() == 0) return out;
    uint8_t* dst = out.mutable_data_ptr<uint8_t>();
    const int64_t sn = x.stride(0), sc = x.stride(1), sy = x.stride(2), sx = x.stride(3);
    LK_DISPATCH_MODEL_FLOATS(x.scalar_type(), "tensor_to_images", [&] {
        const scalar_t* in = x.const_data_ptr<scalar_t>();
        at::parallel_for(0, n * h, rows_per_task(w * c), [&](int64_t begin, int64_t end) {
            for (int64_t row = begin; row < end; ++row) {
                const int64_t i = row / h, y = row % h;
                uint8_t* image_row = dst + row * w * c;
                for (int64_t ch = 0; ch < c; ++ch) {
                    const scalar_t* src = in + i * sn + ch * sc + y * sy;
                    for (int64_t xx = 0; xx < w; ++xx)
                        image_row[xx * c + ch] =
                            detail::to_pixel(static_cast<float>(src[xx * sx]), scale, offset);
                }
            }
        });
    });
    return out;
}

}  // namespace

at::Tensor images_to_tensor(const at::Tensor& pixels, float scale, float offset) {
    constexpr const char* op = "images_to_tensor";
    check_arguments(op, pixels, "(N, H, W, C)", 3, scale, offset);
    if (pixels.scalar_type() != at::kByte)
        fail(LK_ERR_INVALID_ARGUMENT, "{} needs uint8 pixels, got {}", op,
             c10::toString(pixels.scalar_type()));
#if LIKENESS_CUDA
    if (pixels.is_cuda()) return detail::images_to_tensor_cuda(pixels, scale, offset);
#endif
    detail::check_cpu(op, pixels);
    return images_to_tensor_cpu(pixels, scale, offset);
}

at::Tensor tensor_to_images(const at::Tensor& x, float scale, float offset) {
    constexpr const char* op = "tensor_to_images";
    check_arguments(op, x, "(N, C, H, W)", 1, scale, offset);
    const at::ScalarType type = x.scalar_type();
    if (type != at::kFloat && type != at::kHalf && type != at::kBFloat16)
        fail(LK_ERR_INVALID_ARGUMENT, "{} needs a float32, float16 or bfloat16 tensor, got {}", op,
             c10::toString(type));
#if LIKENESS_CUDA
    if (x.is_cuda()) return detail::tensor_to_images_cuda(x, scale, offset);
#endif
    detail::check_cpu(op, x);
    return tensor_to_images_cpu(x, scale, offset);
}

}  // namespace lk
