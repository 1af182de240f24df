// The CUDA kernel of upfirdn2d.h: one thread per output pixel, neighbouring threads on
// neighbouring pixels of a row, so that their reads of the input rows and the filter overlap in
// cache and their writes coalesce.
#include "kernels/cuda_launch.cuh"
#include "kernels/image_tensor.h"
#include "kernels/upfirdn2d.h"

#include <ATen/cuda/CUDAContext.h>
#include <ATen/ops/empty.h>
#include <c10/cuda/CUDAException.h>
#include <c10/cuda/CUDAGuard.h>

namespace lk::detail {
namespace {

template <typename T>
__global__ void upfirdn2d_kernel(const T* __restrict__ x, const float* __restrict__ filter,
                                 T* __restrict__ out, int64_t total, Upfirdn2dPass p) {
    LK_GRID_STRIDE_LOOP(i, total) {
        const int64_t ox = i % p.out_w;
        const int64_t rest = i / p.out_w;
        const int64_t oy = rest % p.out_h, plane = rest / p.out_h;
        const FirstTap ty = first_tap(oy, p.up_y, p.down_y, p.pad_y0);
        const FirstTap tx = first_tap(ox, p.up_x, p.down_x, p.pad_x0);
        out[i] = static_cast<T>(upfirdn2d_value(x + plane * p.in_h * p.in_w, filter, p, ty, tx));
    }
}

}  // namespace

at::Tensor upfirdn2d_pass_cuda(const at::Tensor& x, const at::Tensor& filter,
                               const Upfirdn2dPass& p) {
    const c10::cuda::CUDAGuard guard(x.device());
    at::Tensor out = at::empty({x.size(0), x.size(1), p.out_h, p.out_w}, x.options());
    const int64_t total = out.numel();
    if (total == 0) return out;
    const cudaStream_t stream = at::cuda::getCurrentCUDAStream();
    LK_DISPATCH_MODEL_FLOATS(x.scalar_type(), "upfirdn2d", [&] {
        upfirdn2d_kernel<<<blocks_for(total), threads_per_block, 0, stream>>>(
            x.const_data_ptr<scalar_t>(), filter.const_data_ptr<float>(),
            out.mutable_data_ptr<scalar_t>(), total, p);
        C10_CUDA_KERNEL_LAUNCH_CHECK();
    });
    return out;
}

}  // namespace lk::detail
