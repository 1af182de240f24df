// The CUDA kernels of bias_act.h: one thread per element of contiguous tensors, so that reads
// and writes coalesce.
#include "kernels/bias_act.h"
#include "kernels/cuda_launch.cuh"
#include "kernels/image_tensor.h"

#include <ATen/cuda/CUDAContext.h>
#include <ATen/ops/empty.h>
#include <c10/cuda/CUDAException.h>
#include <c10/cuda/CUDAGuard.h>

#include <cstdint>
#include <limits>

namespace lk::detail {
namespace {

// Index is int32_t when every element index fits, as 32-bit division is several times cheaper
// than 64-bit on the GPU.
template <typename T, typename Index>
__global__ void bias_act_kernel(const T* __restrict__ x, const T* __restrict__ bias,
                                T* __restrict__ out, int64_t total, Index channels, Index inner,
                                BiasActParams p) {
    LK_GRID_STRIDE_LOOP(i, total) {
        const float b = bias ? static_cast<float>(bias[(Index(i) / inner) % channels]) : no_bias;
        out[i] = static_cast<T>(bias_act_value(static_cast<float>(x[i]), b, p));
    }
}

template <typename T>
__global__ void bias_act_backward_kernel(const T* __restrict__ grad_out, const T* __restrict__ y,
                                         T* __restrict__ grad_x, int64_t total,
                                         BiasActParams p) {
    LK_GRID_STRIDE_LOOP(i, total)
        grad_x[i] = static_cast<T>(
            bias_act_gradient(static_cast<float>(grad_out[i]), static_cast<float>(y[i]), p));
}

}  // namespace

at::Tensor bias_act_cuda(const at::Tensor& x, const at::Tensor& bias, int64_t channels,
                         int64_t inner, const BiasActParams& p) {
    const c10::cuda::CUDAGuard guard(x.device());
    at::Tensor out = at::empty(x.sizes(), x.options());
    const int64_t total = out.numel();
    if (total == 0) return out;
    const cudaStream_t stream = at::cuda::getCurrentCUDAStream();
    LK_DISPATCH_MODEL_FLOATS(x.scalar_type(), "bias_act", [&] {
        const scalar_t* in = x.const_data_ptr<scalar_t>();
        const scalar_t* b = bias.defined() ? bias.const_data_ptr<scalar_t>() : nullptr;
        scalar_t* dst = out.mutable_data_ptr<scalar_t>();
        if (total <= std::numeric_limits<int32_t>::max())
            bias_act_kernel<<<blocks_for(total), threads_per_block, 0, stream>>>(
                in, b, dst, total, int32_t(channels), int32_t(inner), p);
        else
            bias_act_kernel<<<blocks_for(total), threads_per_block, 0, stream>>>(
                in, b, dst, total, channels, inner, p);
        C10_CUDA_KERNEL_LAUNCH_CHECK();
    });
    return out;
}

at::Tensor bias_act_backward_cuda(const at::Tensor& grad_out, const at::Tensor& y,
                                  const BiasActParams& p) {
    const c10::cuda::CUDAGuard guard(grad_out.device());
    at::Tensor grad_x = at::empty(grad_out.sizes(), grad_out.options());
    const int64_t total = grad_x.numel();
    if (total == 0) return grad_x;
    const cudaStream_t stream = at::cuda::getCurrentCUDAStream();
    LK_DISPATCH_MODEL_FLOATS(grad_out.scalar_type(), "bias_act_backward", [&] {
        bias_act_backward_kernel<<<blocks_for(total), threads_per_block, 0, stream>>>(
            grad_out.const_data_ptr<scalar_t>(), y.const_data_ptr<scalar_t>(),
            grad_x.mutable_data_ptr<scalar_t>(), total, p);
        C10_CUDA_KERNEL_LAUNCH_CHECK();
    });
    return grad_x;
}

}  // namespace lk::detail
