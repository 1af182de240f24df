// What the diffusion models share: their tensors by name, and where they run.
#pragma once

#include <ATen/core/Tensor.h>
#include <c10/core/Device.h>
#include <c10/core/ScalarType.h>

#include <map>
#include <string>

namespace lk::diffusion {

// A model's tensors by their diffusers state-dict name ("down_blocks.0.resnets.0.conv1.weight").
// Single-file checkpoints are renamed to these names when they load (checkpoint_keys.h), so one
// model code serves both layouts.
using Weights = std::map<std::string, at::Tensor>;

// Where a model runs and the precision of its weights and activations.
struct Placement {
    c10::Device device = c10::kCPU;
    at::ScalarType dtype = at::kFloat;
};

}  // namespace lk::diffusion
