// The CUDA kernel of modulate_weight.h: one block per (sample, output channel) row. The block
// sums the row's squares, then writes the row scaled; the second read of the weight row hits
// the cache.
#include "kernels/cuda_launch.cuh"
#include "kernels/image_tensor.h"
#include "kernels/modulate_weight.h"

#include <ATen/cuda/CUDAContext.h>
#include <ATen/ops/empty.h>
#include <c10/cuda/CUDAException.h>
#include <c10/cuda/CUDAGuard.h>

namespace lk::detail {
namespace {

template <typename T>
__global__ void modulate_weight_kernel(const T* __restrict__ weight, const T* __restrict__ styles,
                                       T* __restrict__ out, int64_t outs, int64_t in,
                                       int64_t taps, bool demodulate) {
    const int64_t row = blockIdx.x, n = row / outs, o = row % outs, length = in * taps;
    const T* w = weight + o * length;
    const T* s = styles + n * in;
    T* dst = out + row * length;
    float scale = 1.0f;
    if (demodulate) {
        __shared__ float partial[threads_per_block];
        float sum = 0.0f;
        for (int64_t k = threadIdx.x; k < length; k += blockDim.x) {
            const float v = modulated(static_cast<float>(w[k]), static_cast<float>(s[k / taps]));
            sum += v * v;
        }
        partial[threadIdx.x] = sum;
        __syncthreads();
        for (int half = blockDim.x / 2; half > 0; half /= 2) {
            if (threadIdx.x < half) partial[threadIdx.x] += partial[threadIdx.x + half];
            __syncthreads();
        }
        scale = demodulation(partial[0]);
    }
    for (int64_t k = threadIdx.x; k < length; k += blockDim.x) {
        const float v = modulated(static_cast<float>(w[k]), static_cast<float>(s[k / taps]));
        dst[k] = static_cast<T>(demodulate ? v * scale : v);
    }
}

}  // namespace

at::Tensor modulate_weight_cuda(const at::Tensor& weight, const at::Tensor& styles,
                                bool demodulate) {
    const c10::cuda::CUDAGuard guard(weight.device());
    const int64_t batch = styles.size(0), outs = weight.size(0), in = weight.size(1);
    at::Tensor out = at::empty({batch, outs, in, weight.size(2), weight.size(3)}, weight.options());
    if (out.numel() == 0) return out;
    const cudaStream_t stream = at::cuda::getCurrentCUDAStream();
    LK_DISPATCH_MODEL_FLOATS(weight.scalar_type(), "modulate_weight", [&] {
        modulate_weight_kernel<<<unsigned(batch * outs), threads_per_block, 0, stream>>>(
            weight.const_data_ptr<scalar_t>(), styles.const_data_ptr<scalar_t>(),
            out.mutable_data_ptr<scalar_t>(), outs, in, weight.size(2) * weight.size(3),
            demodulate);
        C10_CUDA_KERNEL_LAUNCH_CHECK();
    });
    return out;
}

}  // namespace lk::detail
