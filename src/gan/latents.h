// Moving between latents: style mixing in W, and the two interpolations NVIDIA's tools use,
// linear in W (where the mapping network has made the space flat enough for it) and spherical
// in Z (where latents are Gaussian, so their directions, not lengths, carry meaning).
#pragma once

#include <ATen/core/Tensor.h>

#include <cstdint>

namespace lk::gan {

// ws_a and ws_b (N, num_ws, w_dim): a's ws for layers below `crossover`, b's from it on.
// crossover 0 gives b, num_ws gives a. LK_ERR_INVALID_ARGUMENT for shapes that differ or a
// crossover outside [0, num_ws].
at::Tensor mix_styles(const at::Tensor& ws_a, const at::Tensor& ws_b, int64_t crossover);

// `steps` points from a to b inclusive (steps >= 2; 1 gives a alone), evenly spaced in t:
// a and b of any equal shape S give (steps, S...).
at::Tensor lerp_steps(const at::Tensor& a, const at::Tensor& b, int64_t steps);

// As lerp_steps, along the great circle between the directions of z vectors a and b (shape
// (z_dim)), as NVIDIA's path-length metric does: results have unit length, which the mapping
// network's normalization of z makes equivalent to any other length. Equal directions give a
// throughout; opposite ones have no single great circle and are LK_ERR_INVALID_ARGUMENT.
at::Tensor slerp_steps(const at::Tensor& a, const at::Tensor& b, int64_t steps);

}  // namespace lk::gan
