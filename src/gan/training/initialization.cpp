#include "gan/training/initialization.h"

#include <ATen/TensorOperators.h>
#include <ATen/ops/ones.h>
#include <ATen/ops/outer.h>
#include <ATen/ops/randn.h>
#include <ATen/ops/tensor.h>
#include <ATen/ops/zeros.h>

#include <functional>

namespace lk::gan {
namespace {

bool ends_with(const std::string& s, const std::string& suffix) {
    return s.size() >= suffix.size() && s.compare(s.size() - suffix.size(), suffix.size(), suffix) == 0;
}

bool starts_with(const std::string& s, const std::string& prefix) {
    return s.compare(0, prefix.size(), prefix) == 0;
}

// A filter as NVIDIA's setup_filter stores it: the taps normalized to sum 1, 2-D (their outer
// product) unless the stored shape is 1-D.
at::Tensor filter_tensor(const std::vector<double>& taps, size_t rank) {
    at::Tensor f = at::tensor(taps, at::kFloat);
    if (rank == 2) f = at::outer(f, f);
    return f / f.sum();
}

// default_filter(name): whether the layer keeps NVIDIA's default [1, 3, 3, 1] rather than the
// configured filter.
Weights draw(const std::vector<TensorSpec>& specs, double mapping_lr,
             const std::vector<double>& configured_filter,
             const std::function<bool(const std::string&)>& default_filter, at::Generator& rng,
             c10::Device device) {
    const auto options = at::TensorOptions().dtype(at::kFloat);
    Weights weights;
    for (const TensorSpec& spec : specs) {
        const std::string& name = spec.name;
        at::Tensor t;
        if (ends_with(name, "resample_filter")) {
            t = filter_tensor(default_filter(name) ? std::vector<double>{1, 3, 3, 1}
                                                   : configured_filter,
                              spec.shape.size());
        } else if (ends_with(name, ".w_avg") || ends_with(name, ".noise_strength") ||
                   (ends_with(name, ".bias") && !ends_with(name, ".affine.bias"))) {
            t = at::zeros(spec.shape, options);
        } else if (ends_with(name, ".affine.bias")) {
            t = at::ones(spec.shape, options);
        } else {  // weights, learned constants, fixed noise
            t = at::randn(spec.shape, rng, options);
            if (starts_with(name, "mapping.fc")) t = t / mapping_lr;
        }
        weights[name] = t.to(device);
    }
    return weights;
}

}  // namespace

Weights initial_weights(const GeneratorConfig& config, at::Generator& rng, c10::Device device) {
    return draw(config.tensors(), config.mapping.lr_multiplier, config.synthesis.resample_filter,
                [](const std::string& name) { return ends_with(name, ".conv1.resample_filter"); },
                rng, device);
}

Weights initial_weights(const DiscriminatorConfig& config, at::Generator& rng,
                        c10::Device device) {
    return draw(config.tensors(), config.mapping.lr_multiplier, config.resample_filter,
                [](const std::string& name) {
                    return ends_with(name, ".fromrgb.resample_filter") ||
                           ends_with(name, ".conv0.resample_filter") || name == "b4.conv.resample_filter";
                },
                rng, device);
}

bool is_parameter(const std::string& name) {
    return !ends_with(name, "resample_filter") && !ends_with(name, ".w_avg") &&
           !ends_with(name, ".noise_const");
}

}  // namespace lk::gan
