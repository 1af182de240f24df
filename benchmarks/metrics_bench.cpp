// FID and KID at Inception's width (D = 2048): the statistics of 10000 feature rows, the Fréchet
// distance itself (two symmetric eigendecompositions of D x D), and KID per subset of 1000 rows
// (three 1000 x D x 1000 float64 products; NVIDIA's default is 100 subsets). Features are
// random: the cost does not depend on their values.
#include "metrics/statistics.h"

#include <ATen/CPUGeneratorImpl.h>
#include <ATen/ops/randn.h>
#include <benchmark/benchmark.h>

namespace {

constexpr int64_t kWidth = 2048;

at::Tensor features(int64_t rows, uint64_t seed) {
    return at::randn({rows, kWidth}, at::make_generator<at::CPUGeneratorImpl>(seed),
                     at::TensorOptions(at::kDouble));
}

void BM_FeatureStatistics(benchmark::State& state) {
    const at::Tensor rows = features(10000, 1);
    for (auto _ : state) benchmark::DoNotOptimize(lk::metrics::feature_statistics(rows).covariance);
    state.SetItemsProcessed(state.iterations() * rows.size(0));
}
BENCHMARK(BM_FeatureStatistics)->Unit(benchmark::kMillisecond);

void BM_FrechetDistance(benchmark::State& state) {
    const auto a = lk::metrics::feature_statistics(features(4000, 2));
    const auto b = lk::metrics::feature_statistics(features(4000, 3));
    for (auto _ : state) benchmark::DoNotOptimize(lk::metrics::frechet_distance(a, b));
}
BENCHMARK(BM_FrechetDistance)->Unit(benchmark::kMillisecond);

void BM_KernelInceptionDistancePerSubset(benchmark::State& state) {
    const at::Tensor real = features(1000, 4), generated = features(1000, 5);
    lk::metrics::KidOptions options;
    options.num_subsets = 1;
    for (auto _ : state)
        benchmark::DoNotOptimize(lk::metrics::kernel_inception_distance(real, generated, options));
}
BENCHMARK(BM_KernelInceptionDistancePerSubset)->Unit(benchmark::kMillisecond);

}  // namespace

BENCHMARK_MAIN();
