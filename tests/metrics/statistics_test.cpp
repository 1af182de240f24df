#include "metrics/statistics.h"

#include "support/error_of.h"

#include <ATen/CPUGeneratorImpl.h>
#include <ATen/TensorOperators.h>
#include <ATen/ops/diag.h>
#include <ATen/ops/randn.h>
#include <ATen/ops/tensor.h>
#include <gtest/gtest.h>

#include <cmath>

namespace lk::metrics {
namespace {

using test::error_of;

// Standard normal float64 samples, the same on every run.
at::Tensor normal(int64_t rows, int64_t columns, uint64_t seed) {
    return at::randn({rows, columns}, at::make_generator<at::CPUGeneratorImpl>(seed),
                     at::TensorOptions(at::kDouble));
}

FeatureStatistics gaussian(std::vector<double> mean, std::vector<double> variance) {
    FeatureStatistics statistics;
    statistics.mean = at::tensor(mean, at::kDouble);
    statistics.covariance = at::diag(at::tensor(variance, at::kDouble));
    statistics.count = 1000;
    return statistics;
}

TEST(FrechetDistance, OfDiagonalGaussiansIsTheClosedForm) {
    const FeatureStatistics a = gaussian({0, 1, 2}, {1, 4, 9});
    const FeatureStatistics b = gaussian({1, 1, 0}, {4, 1, 1});
    // |(-1, 0, 2)|^2 + (1 - 2)^2 + (2 - 1)^2 + (3 - 1)^2
    EXPECT_NEAR(frechet_distance(a, b), 5 + 1 + 1 + 4, 1e-12);
    EXPECT_NEAR(frechet_distance(b, a), 11, 1e-12);
}

TEST(FrechetDistance, IsTheClosedFormWhenACovarianceIsSingular) {
    // A constant feature: S1 has no Cholesky factor, so the eigendecomposition route runs.
    const FeatureStatistics a = gaussian({0, 1, 2}, {1, 0, 9});
    const FeatureStatistics b = gaussian({1, 1, 0}, {4, 1, 1});
    EXPECT_NEAR(frechet_distance(a, b), 5 + 1 + 1 + 4, 1e-12);
    EXPECT_NEAR(frechet_distance(b, a), 11, 1e-12);
}

TEST(FrechetDistance, OfIdenticalFeaturesIsZero) {
    const at::Tensor features = normal(300, 24, 1) * 3 + 1;
    const FeatureStatistics statistics = feature_statistics(features);
    EXPECT_NEAR(frechet_distance(statistics, statistics), 0, 1e-9);
}

TEST(FrechetDistance, SingularCovariancesStayFinite) {
    // Rank-deficient: 5 samples in 16 dimensions, as with too few images for Inception's 2048.
    const FeatureStatistics a = feature_statistics(normal(5, 16, 2));
    const FeatureStatistics b = feature_statistics(normal(5, 16, 3));
    const double fid = frechet_distance(a, b);
    EXPECT_TRUE(std::isfinite(fid));
    EXPECT_GT(fid, 0);
}

TEST(FeatureStatistics, AreTheMeanAndTheUnbiasedCovariance) {
    const at::Tensor features = at::tensor({1.0, 2.0, 3.0, 6.0, 5.0, 10.0}, at::kDouble).reshape({3, 2});
    const FeatureStatistics s = feature_statistics(features.to(at::kFloat));
    EXPECT_EQ(s.mean.scalar_type(), at::kDouble);
    EXPECT_NEAR(s.mean[0].item<double>(), 3, 1e-12);
    EXPECT_NEAR(s.mean[1].item<double>(), 6, 1e-12);
    EXPECT_NEAR(s.covariance[0][0].item<double>(), 4, 1e-12);   // (4 + 0 + 4) / 2
    EXPECT_NEAR(s.covariance[0][1].item<double>(), 8, 1e-12);   // (8 + 0 + 8) / 2
    EXPECT_NEAR(s.covariance[1][1].item<double>(), 16, 1e-12);  // (16 + 0 + 16) / 2
}

TEST(KernelInceptionDistance, IsNearZeroForOneDistributionAndGrowsWithTheShift) {
    const at::Tensor real = normal(400, 8, 4);
    const at::Tensor same = normal(400, 8, 5);
    KidOptions options;
    options.num_subsets = 20;
    const double near_zero = kernel_inception_distance(real, same, options);
    const double shifted = kernel_inception_distance(real, same + 0.5, options);
    const double more = kernel_inception_distance(real, same + 1.0, options);
    EXPECT_LT(std::abs(near_zero), 0.02);
    EXPECT_GT(shifted, 10 * std::abs(near_zero));
    EXPECT_GT(more, shifted);
}

TEST(KernelInceptionDistance, IsReproducibleForASeed) {
    const at::Tensor real = normal(50, 4, 6);
    const at::Tensor generated = normal(60, 4, 7) + 0.3;
    KidOptions options;
    options.num_subsets = 5;
    options.max_subset_size = 20;
    const double first = kernel_inception_distance(real, generated, options);
    EXPECT_EQ(first, kernel_inception_distance(real, generated, options));
    options.seed = 1;
    EXPECT_NE(first, kernel_inception_distance(real, generated, options));
}

TEST(Metrics, RefuseFeaturesThatCannotBeCompared) {
    const at::Tensor eight = normal(10, 8, 8);
    EXPECT_NE(error_of(LK_ERR_INVALID_ARGUMENT, [&] { feature_statistics(eight.slice(0, 0, 1)); })
                  .find("N >= 2"),
              std::string::npos);
    error_of(LK_ERR_INVALID_ARGUMENT, [&] { feature_statistics(eight.flatten()); });
    error_of(LK_ERR_INVALID_ARGUMENT, [&] {
        frechet_distance(feature_statistics(eight), feature_statistics(normal(10, 4, 9)));
    });
    EXPECT_NE(error_of(LK_ERR_INVALID_ARGUMENT, [&] {
                  kernel_inception_distance(eight, normal(10, 4, 10));
              }).find("different widths"),
              std::string::npos);
    KidOptions none;
    none.num_subsets = 0;
    error_of(LK_ERR_INVALID_ARGUMENT, [&] { kernel_inception_distance(eight, eight, none); });
}

}  // namespace
}  // namespace lk::metrics
