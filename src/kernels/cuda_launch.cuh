// Launch geometry the elementwise CUDA kernels share.
#pragma once

#include <ATen/cuda/CUDAContext.h>

#include <algorithm>
#include <cstdint>

namespace lk::detail {

constexpr int threads_per_block = 256;

// Enough blocks to fill every multiprocessor; the grid-stride loops cover larger tensors.
inline unsigned blocks_for(int64_t elements) {
    const int64_t wanted = (elements + threads_per_block - 1) / threads_per_block;
    const int64_t resident =
        int64_t(at::cuda::getCurrentDeviceProperties()->multiProcessorCount) *
        (2048 / threads_per_block);
    return unsigned(std::min(wanted, resident * 4));
}

}  // namespace lk::detail

// The loop index stays 64-bit so that i + stride cannot overflow near the end of a large
// tensor; kernels narrow it only for their divisions, the costly part.
#define LK_GRID_STRIDE_LOOP(i, total)                                               \
    for (int64_t i = int64_t(blockIdx.x) * blockDim.x + threadIdx.x; i < (total); \
         i += int64_t(blockDim.x) * gridDim.x)
