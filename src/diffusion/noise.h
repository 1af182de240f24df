// The Gaussian noise of a diffusion run, drawn as diffusers' randn_tensor draws it from a list of
// CPU generators, one per image, so that an image's noise depends on its own seed alone and not
// on the batch it is made in.
#pragma once

#include <ATen/core/Generator.h>
#include <ATen/core/Tensor.h>
#include <c10/core/TensorOptions.h>
#include <c10/util/ArrayRef.h>

#include <cstdint>
#include <vector>

namespace lk::diffusion {

// The generators of a run: none (the default CPU generator), one for the whole batch, or one
// per image, image i drawing from generators[i].
using Generators = std::vector<at::Generator>;

// `count` CPU generators, the i-th seeded with seed + i (modulo 2^64), as
// torch.Generator().manual_seed(seed + i) seeds it.
Generators seeded_generators(uint64_t seed, int64_t count);

// Unit Gaussian noise of `shape`, drawn in float32 on the generators' device (the CPU without
// any), then converted to `options`' dtype and device. Drawing in float32 whatever the model's
// dtype makes a seed give the same image in every precision (diffusers draws in the model's dtype,
// which in half precision are other numbers altogether); for float32 models it is diffusers' draw.
// With one generator per image, sample i (along the first dimension) is drawn alone from
// generators[i]; LK_ERR_INVALID_ARGUMENT if their count is neither 0, 1 nor shape[0].
at::Tensor gaussian_noise(at::IntArrayRef shape, const Generators& generators, const at::TensorOptions& options);

}  // namespace lk::diffusion
