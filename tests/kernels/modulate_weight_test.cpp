#include "kernels/modulate_weight.h"

#include "support/cuda.h"
#include "support/error_of.h"

#include <ATen/ATen.h>
#include <ATen/CPUGeneratorImpl.h>
#include <c10/core/InferenceMode.h>
#include <gtest/gtest.h>

#include <functional>
#include <string>
#include <vector>

namespace lk {
namespace {

// What modulated_conv2d computed before the fused op: three full-size tensors.
at::Tensor stock_modulate_weight(const at::Tensor& weight, const at::Tensor& styles,
                                 bool demodulate) {
    const int64_t batch = styles.size(0);
    at::Tensor w = weight.unsqueeze(0) * styles.reshape({batch, 1, -1, 1, 1});
    if (demodulate) {
        const at::Tensor dcoefs = (w.square().sum({2, 3, 4}) + 1e-8).rsqrt();
        w = w * dcoefs.reshape({batch, -1, 1, 1, 1});
    }
    return w;
}

at::Tensor random_values(at::IntArrayRef sizes, uint64_t seed) {
    return at::randn(sizes, at::make_generator<at::CPUGeneratorImpl>(seed));
}

struct Shapes {
    int64_t batch, out, in, kernel;
};
// A 3x3 convolution, a toRGB-like 1x1, odd counts, and one row longer than eight lanes' tail.
const Shapes shapes[] = {{2, 5, 7, 3}, {3, 3, 9, 1}, {1, 1, 1, 3}, {4, 6, 13, 3}};

void expect_close(const at::Tensor& actual, const at::Tensor& expected, double tolerance) {
    ASSERT_EQ(actual.sizes(), expected.sizes());
    const double diff =
        (actual.to(at::kDouble) - expected.to(at::kDouble)).abs().max().item<double>();
    EXPECT_LE(diff, tolerance * std::max(1.0, expected.abs().max().item<double>()));
}

void for_each_input(const std::function<void(const at::Tensor&, const at::Tensor&)>& check) {
    uint64_t seed = 10;
    for (const Shapes& s : shapes) {
        const at::Tensor weight = random_values({s.out, s.in, s.kernel, s.kernel}, seed++);
        const at::Tensor styles = random_values({s.batch, s.in}, seed++) + 1;
        SCOPED_TRACE(testing::Message() << "weight " << weight.sizes() << " styles "
                                        << styles.sizes());
        check(weight, styles);
    }
}

// Without demodulation the products are the stock ones exactly; the demodulation coefficient
// sums the squares in another order, so it agrees within a few float roundings.
TEST(ModulateWeight, MatchesStockOps) {
    for_each_input([](const at::Tensor& weight, const at::Tensor& styles) {
        const at::Tensor plain = modulate_weight(weight, styles, false);
        EXPECT_TRUE(plain.is_contiguous());
        EXPECT_TRUE(at::equal(plain, stock_modulate_weight(weight, styles, false)));
        expect_close(modulate_weight(weight, styles, true),
                     stock_modulate_weight(weight.to(at::kDouble), styles.to(at::kDouble), true),
                     1e-6);
    });
}

TEST(ModulateWeight, DemodulatedRowsHaveUnitNorm) {
    const at::Tensor w = modulate_weight(random_values({4, 5, 3, 3}, 1),
                                         random_values({2, 5}, 2) * 10, true);
    expect_close(w.square().sum({2, 3, 4}), at::ones({2, 4}), 1e-6);
}

TEST(ModulateWeight, StridedInputs) {
    const at::Tensor weight = random_values({3, 3, 4, 6}, 3).permute({3, 2, 0, 1});
    const at::Tensor styles = random_values({4, 2}, 4).t();
    expect_close(modulate_weight(weight, styles, true),
                 stock_modulate_weight(weight.to(at::kDouble), styles.to(at::kDouble), true),
                 1e-6);
}

// Half and bfloat16 are computed in float and rounded once.
TEST(ModulateWeight, HalfAndBFloat16ComputeInFloat) {
    for (const at::ScalarType type : {at::kHalf, at::kBFloat16})
        for_each_input([&](const at::Tensor& weight, const at::Tensor& styles) {
            const at::Tensor w = weight.to(type), s = styles.to(type);
            const at::Tensor ours = modulate_weight(w, s, true);
            EXPECT_EQ(ours.scalar_type(), type);
            EXPECT_TRUE(at::equal(ours, modulate_weight(w.to(at::kFloat), s.to(at::kFloat), true)
                                            .to(type)));
        });
}

TEST(ModulateWeight, InferenceOnly) {
    const at::Tensor weight = random_values({2, 3, 3, 3}, 5).requires_grad_();
    const at::Tensor styles = random_values({1, 3}, 6);
    const std::string message = test::error_of(LK_ERR_INVALID_ARGUMENT, [&] {
        modulate_weight(weight, styles, true);
    });
    EXPECT_NE(message.find("for inference and has no gradient, but weight requires grad"),
              std::string::npos)
        << message;
    test::error_of(LK_ERR_INVALID_ARGUMENT, [&] {
        modulate_weight(weight.detach(), styles.requires_grad_(), true);
    });
    const c10::InferenceMode inference;
    EXPECT_EQ(modulate_weight(weight, styles, true).sizes(), at::IntArrayRef({1, 2, 3, 3, 3}));
}

TEST(ModulateWeight, BadArgumentsAreInvalid) {
    const at::Tensor weight = at::ones({2, 3, 3, 3}), styles = at::ones({4, 3});
    const auto expect_invalid = [](const std::function<void()>& body, const std::string& says) {
        const std::string message = test::error_of(LK_ERR_INVALID_ARGUMENT, body);
        EXPECT_NE(message.find(says), std::string::npos) << message;
    };
    expect_invalid([&] { modulate_weight(at::Tensor(), styles, true); }, "undefined weight");
    expect_invalid([&] { modulate_weight(weight[0], styles, true); },
                   "weight shaped (O, I, kh, kw), got shape [3, 3, 3]");
    expect_invalid([&] { modulate_weight(weight, styles[0], true); },
                   "styles shaped (N, I), got shape [3]");
    expect_invalid([&] { modulate_weight(weight, at::ones({4, 2}), true); },
                   "one value per input channel of weight [2, 3, 3, 3], (N, 3), got shape [4, 2]");
    expect_invalid([&] { modulate_weight(weight.to(at::kDouble), styles, true); },
                   "weight as float32, float16 or bfloat16, got Double");
    expect_invalid([&] { modulate_weight(weight, styles.to(at::kHalf), true); },
                   "styles in weight's dtype Float, got Half");
    expect_invalid([&] { modulate_weight(weight, at::ones({4, 3}, at::kMeta), true); },
                   "styles on weight's device cpu, got meta");
}

TEST(ModulateWeight, EmptyBatch) {
    EXPECT_EQ(modulate_weight(at::ones({2, 3, 1, 1}), at::ones({0, 3}), true).sizes(),
              at::IntArrayRef({0, 2, 3, 1, 1}));
}

// The GPU reduces the squares in a tree and may fuse multiply-adds: close, not bit for bit.
TEST(ModulateWeightCuda, MatchesCpu) {
    LK_REQUIRE_CUDA();
    for (const at::ScalarType type : {at::kFloat, at::kHalf, at::kBFloat16})
        for_each_input([&](const at::Tensor& weight, const at::Tensor& styles) {
            const at::Tensor w = weight.to(type), s = styles.to(type);
            for (const bool demodulate : {false, true}) {
                const at::Tensor gpu = modulate_weight(w.cuda(), s.cuda(), demodulate);
                EXPECT_TRUE(gpu.is_cuda());
                expect_close(gpu.cpu(), modulate_weight(w, s, demodulate),
                             type == at::kFloat ? 1e-6 : 1e-2);
            }
        });
}

}  // namespace
}  // namespace lk
