#include "metrics/feature_network.h"

#include "core/error.h"
#include "io/file.h"

#include <ATen/ops/all.h>
#include <fmt/ranges.h>
#include <ATen/ops/isfinite.h>
#include <torch/script.h>

#include <cerrno>
#include <fstream>

namespace lk::metrics {

struct FeatureNetwork::Module {
    torch::jit::Module module;
};

namespace {

// c10::Error's what() carries a C++ backtrace after its first line; the first line is the reason.
std::string first_line(const std::string& text) { return text.substr(0, text.find('\n')); }

}  // namespace

FeatureNetwork::FeatureNetwork(std::shared_ptr<Module> module, std::string path,
                               c10::Device device)
    : module_(std::move(module)), path_(std::move(path)), device_(device) {}

FeatureNetwork FeatureNetwork::load(const std::string& path, c10::Device device) {
    std::ifstream in(path, std::ios::binary);
    if (!in) io::fail_io("open", path, errno);
    auto module = std::make_shared<Module>();
    try {
        module->module = torch::jit::load(in, device);
    } catch (const std::exception& e) {  // c10::Error, and torch::jit's own errors
        fail(LK_ERR_FORMAT, "'{}' is not a TorchScript file (expected a network saved with "
             "torch.jit.save, such as NVIDIA's inception-2015-12-05.pt): {}", printable(path),
             first_line(e.what()));
    }
    module->module.eval();
    return FeatureNetwork(std::move(module), path, device);
}

at::Tensor FeatureNetwork::features(const at::Tensor& images) const {
    if (images.scalar_type() != at::kByte || images.dim() != 4 ||
        (images.size(1) != 1 && images.size(1) != 3) || images.size(0) == 0)
        fail(LK_ERR_INVALID_ARGUMENT, "feature network input has dtype {} and shape {}; expected "
             "uint8 (N >= 1, 1 or 3, H, W)", c10::toString(images.scalar_type()),
             fmt::format("[{}]", fmt::join(images.sizes(), ", ")));
    at::Tensor rgb = images.to(device_);
    if (rgb.size(1) == 1) rgb = rgb.repeat({1, 3, 1, 1});
    const std::string name = printable(path_);
    c10::IValue output;
    try {
        c10::InferenceMode inference;
        output = module_->module.get_method("forward")({rgb}, {{"return_features", true}});
    } catch (const std::exception& e) {  // c10::Error, and torch::jit's own errors
        fail(LK_ERR_FORMAT, "'{}' cannot be called as net(images, return_features=True) on uint8 "
             "images of shape {}: {}", name, fmt::format("[{}]", fmt::join(rgb.sizes(), ", ")),
             first_line(e.what()));
    }
    if (!output.isTensor())
        fail(LK_ERR_FORMAT, "'{}' returned a {}; expected a float tensor (N, D) of features", name,
             output.tagKind());
    at::Tensor features = output.toTensor();
    if (!at::isFloatingType(features.scalar_type()) || features.dim() != 2 ||
        features.size(0) != rgb.size(0) || features.size(1) == 0)
        fail(LK_ERR_FORMAT, "'{}' returned features of dtype {} and shape [{}] for {} images; "
             "expected a float tensor ({}, D)", name, c10::toString(features.scalar_type()),
             fmt::join(features.sizes(), ", "), rgb.size(0), rgb.size(0));
    features = features.to(at::kCPU, at::kFloat);
    if (!at::all(at::isfinite(features)).item<bool>())
        fail(LK_ERR_FORMAT, "'{}' returned features that are not all finite", name);
    return features;
}

}  // namespace lk::metrics
