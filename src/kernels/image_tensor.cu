// The CUDA kernels of image_tensor.h: one thread per output element, so that writes coalesce;
// reads follow the input's strides, whatever they are.
#include "kernels/image_tensor.h"
#include "kernels/cuda_launch.cuh"

#include <ATen/cuda/CUDAContext.h>
#include <ATen/ops/empty.h>
#include <c10/cuda/CUDAException.h>
#include <c10/cuda/CUDAGuard.h>

#include <algorithm>
#include <cstdint>
#include <limits>

namespace lk::detail {
namespace {

// An (N, C, H, W) view of the strided side of a conversion. Index is int32_t where every offset
// fits, as 32-bit division is several times cheaper than 64-bit on the GPU.
template <typename Index>
struct Geometry {
    Index channels, height, width;
    Index stride_n, stride_c, stride_h, stride_w;
};

template <typename Index>
Geometry<Index> geometry_of(const at::Tensor& nchw) {
    return {Index(nchw.size(1)),   Index(nchw.size(2)),   Index(nchw.size(3)),
            Index(nchw.stride(0)), Index(nchw.stride(1)), Index(nchw.stride(2)),
            Index(nchw.stride(3))};
}

// Calls launch with the narrowest Geometry that can address every element of nchw, and of the
// contiguous output of as many elements.
template <typename Launch>
void with_geometry(const at::Tensor& nchw, Launch&& launch) {
    int64_t last_offset = 0;
    for (int64_t d = 0; d < nchw.dim(); ++d) last_offset += (nchw.size(d) - 1) * nchw.stride(d);
    constexpr int64_t int32_max = std::numeric_limits<int32_t>::max();
    if (nchw.numel() <= int32_max && last_offset <= int32_max)
        launch(geometry_of<int32_t>(nchw));
    else
        launch(geometry_of<int64_t>(nchw));
}

// The coordinates of row-major index i in a tensor shaped (any, size1, size2, size3).
template <typename Index>
__device__ void unravel(Index i, Index size1, Index size2, Index size3, Index (&coordinates)[4]) {
    coordinates[3] = i % size3;
    i /= size3;
    coordinates[2] = i % size2;
    i /= size2;
    coordinates[1] = i % size1;
    coordinates[0] = i / size1;
}

template <typename Index>
__global__ void images_to_tensor_kernel(const uint8_t* __restrict__ pixels,
                                        float* __restrict__ out, int64_t total,
                                        Geometry<Index> g, float scale, float offset) {
    LK_GRID_STRIDE_LOOP(i, total) {
        Index nchw[4];
        unravel(Index(i), g.channels, g.height, g.width, nchw);
        const uint8_t p = pixels[nchw[0] * g.stride_n + nchw[1] * g.stride_c +
                                 nchw[2] * g.stride_h + nchw[3] * g.stride_w];
        out[i] = scale_and_offset(float(p), scale, offset);
    }
}

template <typename T, typename Index>
__global__ void tensor_to_images_kernel(const T* __restrict__ x, uint8_t* __restrict__ out,
                                        int64_t total, Geometry<Index> g, float scale,
                                        float offset) {
    LK_GRID_STRIDE_LOOP(i, total) {
        Index nhwc[4];
        unravel(Index(i), g.height, g.width, g.channels, nhwc);
        const T value = x[nhwc[0] * g.stride_n + nhwc[3] * g.stride_c + nhwc[1] * g.stride_h +
                          nhwc[2] * g.stride_w];
        out[i] = to_pixel(static_cast<float>(value), scale, offset);
    }
}

}  // namespace

at::Tensor images_to_tensor_cuda(const at::Tensor& pixels, float scale, float offset) {
    const c10::cuda::CUDAGuard guard(pixels.device());
    const at::Tensor nchw = pixels.permute({0, 3, 1, 2});
    at::Tensor out = at::empty(nchw.sizes(), pixels.options().dtype(at::kFloat));
    const int64_t total = out.numel();
    if (total == 0) return out;
    const uint8_t* in = pixels.const_data_ptr<uint8_t>();
    float* dst = out.mutable_data_ptr<float>();
    const cudaStream_t stream = at::cuda::getCurrentCUDAStream();
    with_geometry(nchw, [&](auto g) {
        images_to_tensor_kernel<<<blocks_for(total), threads_per_block, 0, stream>>>(
            in, dst, total, g, scale, offset);
        C10_CUDA_KERNEL_LAUNCH_CHECK();
    });
    return out;
}

at::Tensor tensor_to_images_cuda(const at::Tensor& x, float scale, float offset) {
    const c10::cuda::CUDAGuard guard(x.device());
    at::Tensor out = at::empty({x.size(0), x.size(2), x.size(3), x.size(1)},
                               x.options().dtype(at::kByte));
    const int64_t total = out.numel();
    if (total == 0) return out;
    uint8_t* dst = out.mutable_data_ptr<uint8_t>();
    const cudaStream_t stream = at::cuda::getCurrentCUDAStream();
    LK_DISPATCH_MODEL_FLOATS(x.scalar_type(), "tensor_to_images", [&] {
        const scalar_t* in = x.const_data_ptr<scalar_t>();
        with_geometry(x, [&](auto g) {
            tensor_to_images_kernel<<<blocks_for(total), threads_per_block, 0, stream>>>(
                in, dst, total, g, scale, offset);
            C10_CUDA_KERNEL_LAUNCH_CHECK();
        });
    });
    return out;
}

}  // namespace lk::detail
