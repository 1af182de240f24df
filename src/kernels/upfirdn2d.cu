// The CUDA kernel of upfirdn2d.h. A thread owns one output column x and row y and walks the
// planes (N * C) of a grid-z slice: its first taps, which cost divisions, are computed once and
// serve every plane. Neighbouring threads take neighbouring columns, so that their reads of
// the input rows and the filter overlap in cache and their writes coalesce.
#include "kernels/cuda_launch.cuh"
#include "kernels/image_tensor.h"
#include "kernels/upfirdn2d.h"

#include <ATen/cuda/CUDAContext.h>
#include <ATen/ops/empty.h>
#include <c10/cuda/CUDAException.h>
#include <c10/cuda/CUDAGuard.h>

#include <algorithm>

namespace lk::detail {
namespace {

constexpr int columns_per_block = 128;
// The grid's y and z sizes may not exceed this; larger counts are walked in strides.
constexpr int64_t max_grid_yz = 65535;

template <typename T>
__global__ void upfirdn2d_kernel(const T* __restrict__ x, const float* __restrict__ filter,
                                 T* __restrict__ out, int64_t planes, Upfirdn2dPass p) {
    const int64_t ox = int64_t(blockIdx.x) * blockDim.x + threadIdx.x;
    if (ox >= p.out_w) return;
    const FirstTap tx = first_tap(ox, p.up_x, p.down_x, p.pad_x0);
    for (int64_t oy = blockIdx.y; oy < p.out_h; oy += gridDim.y) {
        const FirstTap ty = first_tap(oy, p.up_y, p.down_y, p.pad_y0);
        for (int64_t plane = blockIdx.z; plane < planes; plane += gridDim.z)
            out[(plane * p.out_h + oy) * p.out_w + ox] = static_cast<T>(
                upfirdn2d_value(x + plane * p.in_h * p.in_w, filter, p, ty, tx));
    }
}

}  // namespace

at::Tensor upfirdn2d_pass_cuda(const at::Tensor& x, const at::Tensor& filter,
                               const Upfirdn2dPass& p) {
    const c10::cuda::CUDAGuard guard(x.device());
    at::Tensor out = at::empty({x.size(0), x.size(1), p.out_h, p.out_w}, x.options());
    if (out.numel() == 0) return out;
    const int64_t planes = x.size(0) * x.size(1);
    const int64_t column_blocks = (p.out_w + columns_per_block - 1) / columns_per_block;
    const int64_t rows = std::min(p.out_h, max_grid_yz);
    // Enough blocks to fill every multiprocessor several times over; beyond that each thread
    // takes more planes, reusing its taps.
    const int64_t wanted = int64_t(at::cuda::getCurrentDeviceProperties()->multiProcessorCount) *
                           (2048 / columns_per_block) * 4;
    const int64_t slices =
        std::clamp<int64_t>(wanted / (column_blocks * rows), 1, std::min(planes, max_grid_yz));
    const dim3 grid(static_cast<unsigned>(column_blocks), static_cast<unsigned>(rows),
                    static_cast<unsigned>(slices));
    const cudaStream_t stream = at::cuda::getCurrentCUDAStream();
    LK_DISPATCH_MODEL_FLOATS(x.scalar_type(), "upfirdn2d", [&] {
        upfirdn2d_kernel<<<grid, columns_per_block, 0, stream>>>(
            x.const_data_ptr<scalar_t>(), filter.const_data_ptr<float>(),
            out.mutable_data_ptr<scalar_t>(), planes, p);
        C10_CUDA_KERNEL_LAUNCH_CHECK();
    });
    return out;
}

}  // namespace lk::detail
