// The feature network of FID and KID: NVIDIA's TorchScript Inception-v3
// (inception-2015-12-05.pt), or any TorchScript module called the same way,
// net(images, return_features=True) with uint8 (N, 3, H, W) RGB images of any size, returning
// float (N, D) features. The file is the user's: nothing is downloaded.
#pragma once

#include <ATen/core/Tensor.h>
#include <c10/core/Device.h>

#include <memory>
#include <string>

namespace lk::metrics {

class FeatureNetwork {
public:
    // LK_ERR_IO if the file cannot be opened; LK_ERR_FORMAT if it is not a TorchScript file
    // (torch.jit.save's zip archive).
    static FeatureNetwork load(const std::string& path, c10::Device device = c10::kCPU);

    // images: uint8 (N, 1 or 3, H, W) on any device; grey is repeated to RGB, as NVIDIA's metric
    // code does. Returns float32 (N, D) on the CPU. LK_ERR_INVALID_ARGUMENT for other images;
    // LK_ERR_FORMAT naming the file if the network cannot be called that way or returns anything
    // but finite floats of shape (N, D).
    at::Tensor features(const at::Tensor& images) const;

    const std::string& path() const { return path_; }

private:
    struct Module;
    FeatureNetwork(std::shared_ptr<Module> module, std::string path, c10::Device device);

    std::shared_ptr<Module> module_;  // shared_ptr: torch::jit stays out of this header
    std::string path_;
    c10::Device device_;
};

}  // namespace lk::metrics
