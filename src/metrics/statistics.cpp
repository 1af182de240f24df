#include "metrics/statistics.h"

#include "core/error.h"
#include "gan/seeds.h"

#include <ATen/TensorOperators.h>
#include <ATen/ops/from_blob.h>
#include <ATen/ops/linalg_cholesky_ex.h>
#include <ATen/ops/linalg_eigh.h>
#include <ATen/ops/linalg_eigvalsh.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <numeric>
#include <vector>

namespace lk::metrics {
namespace {

at::Tensor checked_features(const at::Tensor& features, const char* what) {
    if (!features.defined() || !at::isFloatingType(features.scalar_type()) ||
        features.dim() != 2 || features.size(0) < 2 || features.size(1) < 1)
        fail(LK_ERR_INVALID_ARGUMENT, "{} features have shape [{}]; expected a float matrix "
             "(N >= 2, D >= 1)", what,
             features.defined() ? fmt::format("{}", fmt::join(features.sizes(), ", ")) : "none");
    return features.to(at::kCPU, at::kDouble).contiguous();
}

// numpy's RandomState.choice(n, m, replace=False): the first m of permutation(n), shuffled
// from the last position down as numpy's shuffle does.
at::Tensor choose_without_replacement(gan::LegacyRandomState& random, int64_t n, int64_t m) {
    std::vector<int64_t> order(static_cast<size_t>(n));
    std::iota(order.begin(), order.end(), 0);
    for (int64_t i = n - 1; i > 0; --i)
        std::swap(order[size_t(i)], order[random.random_interval(uint64_t(i))]);
    return at::from_blob(order.data(), {m}, at::kLong).clone();
}

// The cubic polynomial kernel between the rows of x and of y.
at::Tensor polynomial_kernel(const at::Tensor& x, const at::Tensor& y) {
    return (x.mm(y.t()) / double(x.size(1)) + 1).pow(3);
}

}  // namespace

FeatureStatistics feature_statistics(const at::Tensor& features) {
    const at::Tensor x = checked_features(features, "FID");
    FeatureStatistics statistics;
    statistics.count = x.size(0);
    statistics.mean = x.mean(0);
    const at::Tensor centred = x - statistics.mean;
    statistics.covariance = centred.t().mm(centred) / double(statistics.count - 1);
    return statistics;
}

double frechet_distance(const FeatureStatistics& a, const FeatureStatistics& b) {
    if (a.mean.size(0) != b.mean.size(0))
        fail(LK_ERR_INVALID_ARGUMENT, "FID of features of different widths, {} and {}; expected "
             "both sets from one feature network", a.mean.size(0), b.mean.size(0));
    // A matrix similar to S1 S2 (same eigenvalues) that is symmetric positive semi-definite:
    // L^T S2 L with S1 = L L^T, its Cholesky factor, which costs a tenth of an eigendecomposition;
    // where S1 is singular (fewer samples than features, a constant feature) and has none,
    // sqrt(S1) S2 sqrt(S1) from the symmetric eigendecomposition of S1.
    const auto [factor, info] = at::linalg_cholesky_ex(a.covariance);
    at::Tensor product;
    if (info.item<int>() == 0) {
        product = factor.t().mm(b.covariance).mm(factor);
    } else {
        const auto [values, vectors] = at::linalg_eigh(a.covariance);
        const at::Tensor sqrt_a = (vectors * values.clamp_min(0).sqrt()).mm(vectors.t());
        product = sqrt_a.mm(b.covariance).mm(sqrt_a);
    }
    const at::Tensor root_trace =
        at::linalg_eigvalsh((product + product.t()) / 2).clamp_min(0).sqrt().sum();
    const at::Tensor difference = a.mean - b.mean;
    return (difference.dot(difference) + a.covariance.trace() + b.covariance.trace() -
            2 * root_trace)
        .item<double>();
}

double kernel_inception_distance(const at::Tensor& real, const at::Tensor& generated,
                                 const KidOptions& options) {
    const at::Tensor r = checked_features(real, "real");
    const at::Tensor g = checked_features(generated, "generated");
    if (r.size(1) != g.size(1))
        fail(LK_ERR_INVALID_ARGUMENT, "KID of features of different widths, {} and {}; expected "
             "both sets from one feature network", r.size(1), g.size(1));
    if (options.num_subsets < 1 || options.max_subset_size < 2)
        fail(LK_ERR_INVALID_ARGUMENT, "KID with {} subsets of at most {} rows; expected at least "
             "1 subset of at least 2 rows", options.num_subsets, options.max_subset_size);
    const int64_t m = std::min({r.size(0), g.size(0), options.max_subset_size});
    gan::LegacyRandomState random(options.seed);
    double total = 0;
    for (int64_t s = 0; s < options.num_subsets; ++s) {
        const at::Tensor x = g.index_select(0, choose_without_replacement(random, g.size(0), m));
        const at::Tensor y = r.index_select(0, choose_without_replacement(random, r.size(0), m));
        const at::Tensor within = polynomial_kernel(x, x) + polynomial_kernel(y, y);
        const at::Tensor across = polynomial_kernel(x, y);
        total += ((within.sum() - within.diagonal().sum()) / double(m - 1) -
                  across.sum() * 2 / double(m))
                     .item<double>();
    }
    return total / double(options.num_subsets) / double(m);
}

}  // namespace lk::metrics
