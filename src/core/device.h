// Device strings ("cpu", "cuda", "cuda:N", "auto") and what this process can run on.
#pragma once

#include <string>
#include <vector>

namespace lk {

struct Device {
    bool cuda = false;
    int index = 0;  // CUDA ordinal; 0 for the CPU
    std::string name() const;  // "cpu" or "cuda:N"
};

// Parses and checks a device string against the devices present. An unknown string is
// LK_ERR_INVALID_ARGUMENT; CUDA where there is none is LK_ERR_UNSUPPORTED. "auto" picks cuda:0
// when a CUDA device is usable, else the CPU. NULL or "" means "cpu".
Device resolve_device(const char* requested);

struct CudaDevice {
    std::string name;
    int major = 0, minor = 0;     // compute capability
    size_t total_memory = 0;      // bytes
};

// Whether the libtorch in use was built with CUDA.
bool torch_cuda_built();
// Whether CUDA devices can be used: libtorch built with CUDA and this library with its CUDA code
// (LIKENESS_CUDA).
bool cuda_built();
// Usable CUDA devices; empty without a driver or a device.
std::vector<CudaDevice> cuda_devices();

}  // namespace lk
