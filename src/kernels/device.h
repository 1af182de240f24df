// The device check every op's dispatcher ends with.
#pragma once

#include "core/error.h"

#include <ATen/core/Tensor.h>

namespace lk::detail {

// Reached for every tensor the CUDA kernels did not take.
inline void check_cpu(const char* op, const at::Tensor& t) {
    if (t.is_cpu()) return;
    if (t.is_cuda())
        fail(LK_ERR_UNSUPPORTED,
             "{} got a CUDA tensor, but this build of Likeness has no CUDA kernels "
             "(LIKENESS_CUDA=OFF); move the tensor to the CPU or use a CUDA build", op);
    fail(LK_ERR_UNSUPPORTED, "{} runs on the CPU and CUDA only, got a tensor on {}", op,
         t.device().str());
}

}  // namespace lk::detail
