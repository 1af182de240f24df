#include "gan/training/augment.h"

#include <ATen/TensorOperators.h>
#include <ATen/ops/arange.h>
#include <ATen/ops/exp.h>
#include <ATen/ops/flip.h>
#include <ATen/ops/gather.h>
#include <ATen/ops/mean.h>
#include <ATen/ops/rand.h>
#include <ATen/ops/randn.h>
#include <ATen/ops/round.h>
#include <ATen/ops/sign.h>
#include <ATen/ops/where.h>

#include <algorithm>
#include <cmath>

namespace lk::gan {
namespace {

// 1 where a transform applies to the image, 0 where it does not, shaped (N, 1, 1, 1).
at::Tensor chosen(int64_t n, double p, at::Generator& rng, const at::TensorOptions& options) {
    return (at::rand({n, 1, 1, 1}, rng, options) < p).to(options.dtype());
}

// Mirrors an index into [0, size), as reflection padding does (size - 1 is not repeated).
at::Tensor reflect(const at::Tensor& index, int64_t size) {
    const at::Tensor folded = index.abs();
    return at::where(folded >= size, 2 * (size - 1) - folded, folded);
}

// Shifts each image by a whole number of pixels, up to 1/8 of its size each way, filling the
// border by reflection. A gather with per-image indices keeps it differentiable.
at::Tensor translate(const at::Tensor& x, const at::Tensor& apply, at::Generator& rng) {
    const int64_t n = x.size(0), c = x.size(1), h = x.size(2), w = x.size(3);
    const auto options = x.options();
    const auto index_options = options.dtype(at::kLong);
    const auto offsets = [&](int64_t size) {
        const at::Tensor shift = at::round((at::rand({n}, rng, options) * 2 - 1) * (0.125 * size));
        return (shift * apply.reshape({n})).to(at::kLong).reshape({n, 1, 1});
    };
    const at::Tensor dy = offsets(h), dx = offsets(w);
    const at::Tensor ys = at::arange(h, index_options).reshape({1, h, 1});
    const at::Tensor xs = at::arange(w, index_options).reshape({1, 1, w});
    const at::Tensor source = reflect(ys - dy, h) * w + reflect(xs - dx, w);  // (N, H, W)
    return x.reshape({n, c, h * w})
        .gather(2, source.reshape({n, 1, h * w}).expand({n, c, h * w}))
        .reshape({n, c, h, w});
}

}  // namespace

at::Tensor augment(const at::Tensor& images, double p, at::Generator& rng) {
    if (p <= 0) return images;
    const int64_t n = images.size(0);
    const auto options = images.options();
    at::Tensor x = images;

    const at::Tensor flip = chosen(n, p, rng, options) * (at::rand({n, 1, 1, 1}, rng, options) < 0.5);
    x = at::where(flip.to(at::kBool), x.flip({3}), x);
    x = translate(x, chosen(n, p, rng, options), rng);

    // Colour, about mid-grey (0): brightness adds N(0, 0.2); contrast scales by lognormal(0,
    // 0.5 ln 2); saturation scales the distance from the luma axis by lognormal(0, ln 2).
    x = x + at::randn({n, 1, 1, 1}, rng, options) * 0.2 * chosen(n, p, rng, options);
    const at::Tensor contrast =
        at::exp(at::randn({n, 1, 1, 1}, rng, options) * (0.5 * std::log(2.0)) *
                chosen(n, p, rng, options));
    x = x * contrast;
    if (x.size(1) == 3) {
        const at::Tensor luma = x.mean({1}, /*keepdim=*/true);
        const at::Tensor saturation = at::exp(at::randn({n, 1, 1, 1}, rng, options) *
                                              std::log(2.0) * chosen(n, p, rng, options));
        x = luma + (x - luma) * saturation;
    }
    return x;
}

void AdaptiveAugment::observe(const at::Tensor& real_logits) {
    sign_sum_ += real_logits.detach().sign().sum().item<double>();
    count_ += real_logits.numel();
    if (++batches_ < interval_) return;
    last_sign_ = sign_sum_ / double(std::max<int64_t>(count_, 1));
    const double step = double(count_) / (ramp_kimg_ * 1000);
    p_ = std::max(0.0, p_ + (last_sign_ > target_ ? step : -step));
    sign_sum_ = 0;
    count_ = 0;
    batches_ = 0;
}

}  // namespace lk::gan
