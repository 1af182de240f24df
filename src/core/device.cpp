#include "core/device.h"

#include "core/error.h"

#include <ATen/detail/CUDAHooksInterface.h>
#include <torch/cuda.h>

#if LIKENESS_CUDA
#include <cuda_runtime_api.h>
#endif

#include <cstdlib>

namespace lk {

std::string Device::name() const { return cuda ? fmt::format("cuda:{}", index) : "cpu"; }

bool torch_cuda_built() { return at::detail::getCUDAHooks().isBuilt(); }

bool cuda_built() { return LIKENESS_CUDA && torch_cuda_built(); }

std::vector<CudaDevice> cuda_devices() {
    std::vector<CudaDevice> devices;
#if LIKENESS_CUDA
    if (!torch::cuda::is_available()) return devices;
    const int count = int(torch::cuda::device_count());
    for (int i = 0; i < count; ++i) {
        cudaDeviceProp prop{};
        if (cudaGetDeviceProperties(&prop, i) != cudaSuccess) continue;
        devices.push_back({prop.name, prop.major, prop.minor, prop.totalGlobalMem});
    }
#endif
    return devices;
}

namespace {

[[noreturn]] void no_cuda(const std::string& requested) {
    if (!cuda_built())
        fail(LK_ERR_UNSUPPORTED, "device '{}' needs CUDA, but this build of Likeness has no CUDA "
             "support (configure with -DLIKENESS_CUDA=ON against a CUDA build of libtorch); use "
             "'cpu'", printable(requested));
    fail(LK_ERR_UNSUPPORTED, "device '{}' needs CUDA, but no CUDA device is usable here (no GPU "
         "or no NVIDIA driver); use 'cpu', or 'auto' to take a GPU only when there is one",
         printable(requested));
}

}  // namespace

Device resolve_device(const char* requested) {
    const std::string text = requested ? requested : "";
    if (text.empty() || text == "cpu") return {};
    const size_t cuda_devices_present = cuda_built() && torch::cuda::is_available()
                                            ? torch::cuda::device_count()
                                            : 0;
    if (text == "auto") return cuda_devices_present ? Device{true, 0} : Device{};
    if (text == "cuda") {
        if (!cuda_devices_present) no_cuda(text);
        return {true, 0};
    }
    if (text.rfind("cuda:", 0) == 0 && text.size() > 5 && text.size() <= 8 &&
        text.find_first_not_of("0123456789", 5) == std::string::npos) {
        const int index = std::atoi(text.c_str() + 5);
        if (!cuda_devices_present) no_cuda(text);
        if (size_t(index) >= cuda_devices_present)
            fail(LK_ERR_INVALID_ARGUMENT, "device '{}' does not exist: {} CUDA device(s) are "
                 "present, numbered from 0", text, cuda_devices_present);
        return {true, index};
    }
    fail(LK_ERR_INVALID_ARGUMENT, "unknown device '{}'; expected 'cpu', 'cuda', 'cuda:N' or "
         "'auto'", printable(text));
}

}  // namespace lk
