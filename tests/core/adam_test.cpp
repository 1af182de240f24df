// AdamW's decoupled weight decay: what core/adam adds to the Adam the GAN trainer has used.
#include "core/adam.h"

#include <ATen/ops/full.h>
#include <ATen/ops/zeros_like.h>
#include <gtest/gtest.h>

namespace lk {
namespace {

// With a zero gradient Adam's own step is 0 / (0 + eps) = 0, so what remains is the decay:
// each step multiplies the parameter by 1 - lr * weight_decay, as torch.optim.AdamW does.
TEST(Adam, WeightDecayShrinksParametersByLrTimesDecayPerStep) {
    at::Tensor p = at::full({3}, 2.0);
    Adam adamw({{"p", p}}, 0.1, 0.9, 0.999, 1e-8, 0.5);
    for (int i = 0; i < 2; ++i) {
        p.mutable_grad() = at::zeros_like(p);
        adamw.step();
    }
    EXPECT_NEAR(p[0].item<double>(), 2.0 * 0.95 * 0.95, 1e-6);

    at::Tensor q = at::full({3}, 2.0);
    Adam adam({{"q", q}}, 0.1, 0.9, 0.999);
    q.mutable_grad() = at::zeros_like(q);
    adam.step();
    EXPECT_EQ(q[0].item<double>(), 2.0);
}

}  // namespace
}  // namespace lk
