// Style mixing and interpolation between latents.
#include "gan/latents.h"

#include "support/error_of.h"

#include <ATen/TensorOperators.h>
#include <ATen/ops/allclose.h>
#include <ATen/ops/equal.h>
#include <ATen/ops/linalg_vector_norm.h>
#include <ATen/ops/ones.h>
#include <ATen/ops/randn.h>
#include <ATen/ops/sum.h>
#include <ATen/ops/zeros.h>
#include <gtest/gtest.h>

#include <cmath>

namespace lk::gan {
namespace {

using lk::test::error_of;

TEST(MixStyles, LayersBeforeTheCrossoverComeFromAAndTheRestFromB) {
    const at::Tensor a = at::zeros({2, 5, 3}), b = at::ones({2, 5, 3});
    const at::Tensor mixed = mix_styles(a, b, 2);
    ASSERT_EQ(mixed.sizes(), a.sizes());
    EXPECT_TRUE(at::equal(mixed.narrow(1, 0, 2), a.narrow(1, 0, 2)));
    EXPECT_TRUE(at::equal(mixed.narrow(1, 2, 3), b.narrow(1, 2, 3)));
    EXPECT_TRUE(at::equal(mix_styles(a, b, 0), b));
    EXPECT_TRUE(at::equal(mix_styles(a, b, 5), a));
}

TEST(MixStyles, CrossoverOutOfRangeOrShapesThatDifferAreInvalid) {
    const at::Tensor a = at::zeros({1, 4, 3});
    EXPECT_NE(error_of(LK_ERR_INVALID_ARGUMENT, [&] { mix_styles(a, a, 5); }).find("[0, 4]"),
              std::string::npos);
    EXPECT_NE(error_of(LK_ERR_INVALID_ARGUMENT, [&] { mix_styles(a, a, -1); }).find("-1"),
              std::string::npos);
    EXPECT_NE(error_of(LK_ERR_INVALID_ARGUMENT, [&] { mix_styles(a, at::zeros({1, 5, 3}), 1); })
                  .find("[1, 5, 3]"),
              std::string::npos);
}

TEST(LerpSteps, EvenlySpacedFromAToBInclusive) {
    const at::Tensor a = at::zeros({2, 3}), b = at::ones({2, 3}) * 4;
    const at::Tensor path = lerp_steps(a, b, 5);
    ASSERT_EQ(path.sizes(), (std::vector<int64_t>{5, 2, 3}));
    for (int64_t i = 0; i < 5; ++i)
        EXPECT_TRUE(at::allclose(path[i], at::ones({2, 3}) * double(i))) << i;
    EXPECT_TRUE(at::equal(lerp_steps(a, b, 1)[0], a));
    EXPECT_NE(error_of(LK_ERR_INVALID_ARGUMENT, [&] { lerp_steps(a, b, 0); }).find("step"),
              std::string::npos);
}

TEST(SlerpSteps, FollowsTheGreatCircleWithUnitLengthAndEqualAngles) {
    at::Tensor a = at::zeros({3}), b = at::zeros({3});
    a[0] = 2.0;  // lengths differ: only directions count
    b[1] = 0.5;
    const at::Tensor path = slerp_steps(a, b, 3);
    ASSERT_EQ(path.sizes(), (std::vector<int64_t>{3, 3}));
    EXPECT_TRUE(at::allclose(at::linalg_vector_norm(path, 2, {1}), at::ones({3})));
    EXPECT_NEAR(path[0][0].item<double>(), 1, 1e-6);
    EXPECT_NEAR(path[1][0].item<double>(), std::sqrt(0.5), 1e-6);  // 45 degrees, not the chord
    EXPECT_NEAR(path[1][1].item<double>(), std::sqrt(0.5), 1e-6);
    EXPECT_NEAR(path[2][1].item<double>(), 1, 1e-6);
}

TEST(SlerpSteps, EqualDirectionsStayPutAndOppositeOnesAreInvalid) {
    const at::Tensor a = at::randn({8});
    const at::Tensor same = slerp_steps(a, a * 3, 4);
    for (int64_t i = 0; i < 4; ++i)
        EXPECT_TRUE(at::allclose(same[i], a / at::linalg_vector_norm(a), 1e-5, 1e-6)) << i;
    EXPECT_NE(error_of(LK_ERR_INVALID_ARGUMENT, [&] { slerp_steps(a, -a, 3); }).find("opposite"),
              std::string::npos);
    EXPECT_NE(error_of(LK_ERR_INVALID_ARGUMENT, [&] { slerp_steps(a, a * 0, 3); }).find("non-zero"),
              std::string::npos);
    EXPECT_NE(error_of(LK_ERR_INVALID_ARGUMENT, [&] {
                  slerp_steps(at::zeros({2, 4}), at::zeros({2, 4}), 3);
              }).find("z vectors"),
              std::string::npos);
}

}  // namespace
}  // namespace lk::gan
