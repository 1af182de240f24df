#include "gan/latents.h"

#include "core/error.h"

#include <ATen/TensorOperators.h>
#include <ATen/ops/acos.h>
#include <ATen/ops/cat.h>
#include <ATen/ops/cos.h>
#include <ATen/ops/lerp.h>
#include <ATen/ops/linalg_vector_norm.h>
#include <ATen/ops/linspace.h>
#include <ATen/ops/sin.h>
#include <ATen/ops/sum.h>
#include <c10/util/StringUtil.h>

#include <cmath>
#include <vector>

namespace lk::gan {
namespace {

void check_pair(const char* what, const at::Tensor& a, const at::Tensor& b) {
    if (!a.defined() || !b.defined() || a.sizes() != b.sizes() ||
        !at::isFloatingType(a.scalar_type()) || !at::isFloatingType(b.scalar_type()))
        fail(LK_ERR_INVALID_ARGUMENT, "{} needs two float tensors of one shape, got {} and {}",
             what, a.defined() ? c10::str(a.sizes()) : "none",
             b.defined() ? c10::str(b.sizes()) : "none");
}

void check_steps(int64_t steps) {
    if (steps < 1)
        fail(LK_ERR_INVALID_ARGUMENT, "interpolation needs at least 1 step, got {}", steps);
}

// t = 0, 1/(steps-1), ..., 1 shaped to broadcast against (steps, shape...).
at::Tensor fractions(int64_t steps, int64_t trailing_dims, const at::TensorOptions& options) {
    std::vector<int64_t> shape(size_t(trailing_dims) + 1, 1);
    shape[0] = steps;
    return at::linspace(0, steps > 1 ? 1 : 0, steps, options).view(shape);
}

}  // namespace

at::Tensor mix_styles(const at::Tensor& ws_a, const at::Tensor& ws_b, int64_t crossover) {
    check_pair("style mixing", ws_a, ws_b);
    if (ws_a.dim() != 3)
        fail(LK_ERR_INVALID_ARGUMENT, "style mixing needs ws shaped (N, num_ws, w_dim), got {}",
             c10::str(ws_a.sizes()));
    const int64_t num_ws = ws_a.size(1);
    if (crossover < 0 || crossover > num_ws)
        fail(LK_ERR_INVALID_ARGUMENT, "style mixing crossover must be in [0, {}], got {}", num_ws,
             crossover);
    return at::cat({ws_a.narrow(1, 0, crossover), ws_b.narrow(1, crossover, num_ws - crossover)},
                   1);
}

at::Tensor lerp_steps(const at::Tensor& a, const at::Tensor& b, int64_t steps) {
    check_pair("linear interpolation", a, b);
    check_steps(steps);
    const at::Tensor t = fractions(steps, a.dim(), a.options());
    return at::lerp(a.unsqueeze(0), b.unsqueeze(0), t);
}

at::Tensor slerp_steps(const at::Tensor& a, const at::Tensor& b, int64_t steps) {
    check_pair("spherical interpolation", a, b);
    check_steps(steps);
    if (a.dim() != 1)
        fail(LK_ERR_INVALID_ARGUMENT, "spherical interpolation takes two z vectors, got shape {}",
             c10::str(a.sizes()));
    // In double: acos near 1 and the orthogonal part of nearly equal vectors lose most of
    // float's digits.
    const at::Tensor da = a.to(at::kDouble), db = b.to(at::kDouble);
    const double length_a = at::linalg_vector_norm(da).item<double>();
    const double length_b = at::linalg_vector_norm(db).item<double>();
    if (!(length_a > 0) || !(length_b > 0) || !std::isfinite(length_a) || !std::isfinite(length_b))
        fail(LK_ERR_INVALID_ARGUMENT,
             "spherical interpolation needs two finite non-zero z vectors (lengths {} and {})",
             length_a, length_b);
    const at::Tensor ua = da / length_a, ub = db / length_b;
    const double cosine = std::clamp(at::sum(ua * ub).item<double>(), -1.0, 1.0);
    const at::Tensor orthogonal = ub - ua * cosine;
    const double orthogonal_length = at::linalg_vector_norm(orthogonal).item<double>();
    const at::Tensor t = fractions(steps, 1, da.options());
    if (orthogonal_length < 1e-12) {
        if (cosine < 0)
            fail(LK_ERR_INVALID_ARGUMENT,
                 "spherical interpolation between opposite z vectors has no single path");
        return ua.unsqueeze(0).expand({steps, ua.size(0)}).to(a.scalar_type());
    }
    const at::Tensor angle = t * std::acos(cosine);
    const at::Tensor path = ua.unsqueeze(0) * at::cos(angle) +
                            (orthogonal / orthogonal_length).unsqueeze(0) * at::sin(angle);
    return (path / at::linalg_vector_norm(path, 2, {1}, true)).to(a.scalar_type());
}

}  // namespace lk::gan
