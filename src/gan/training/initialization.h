// Fresh weights for a generator or discriminator, drawn as NVIDIA's constructors draw them, so
// that training starts where theirs starts: weights N(0, 1) (divided by the mapping's learning
// rate multiplier, which equalized learning rate multiplies back), biases 0 except the affine
// style biases (1), learned constants and fixed noise N(0, 1), noise strengths 0, w_avg 0, and the
// resampling filters as fixed normalized taps.
#pragma once

#include "gan/config.h"
#include "gan/weights.h"

#include <ATen/core/Generator.h>
#include <c10/core/Device.h>

namespace lk::gan {

Weights initial_weights(const GeneratorConfig& config, at::Generator& rng, c10::Device device);
Weights initial_weights(const DiscriminatorConfig& config, at::Generator& rng, c10::Device device);

// Whether a tensor is trained (a parameter) or fixed or tracked otherwise (a buffer: filters,
// fixed noise, w_avg).
bool is_parameter(const std::string& name);

}  // namespace lk::gan
