// Fréchet Inception Distance and Kernel Inception Distance on feature matrices, computed in
// float64 as NVIDIA's stylegan2-ada-pytorch metrics compute them.
#pragma once

#include <ATen/core/Tensor.h>

#include <cstdint>

namespace lk::metrics {

// The Gaussian that FID fits to a set of features.
struct FeatureStatistics {
    at::Tensor mean;        // float64 (D)
    at::Tensor covariance;  // float64 (D, D), unbiased (divided by N - 1), as np.cov
    int64_t count = 0;
};

// features: float (N >= 2, D) on any device; LK_ERR_INVALID_ARGUMENT otherwise.
FeatureStatistics feature_statistics(const at::Tensor& features);

// |mu1 - mu2|^2 + tr(S1) + tr(S2) - 2 tr(sqrtm(S1 S2)). The trace of the square root is taken
// from the eigenvalues of a symmetric matrix similar to S1 S2 (L^T S2 L with S1 = L L^T, or
// sqrt(S1) S2 sqrt(S1) where S1 is singular), which unlike S1 S2 has a stable and fast symmetric
// eigendecomposition; eigenvalues that rounding leaves slightly negative count as 0. Identical statistics give 0 up to rounding (about 1e-10 times
// the traces, either sign). LK_ERR_INVALID_ARGUMENT if the dimensions differ.
double frechet_distance(const FeatureStatistics& a, const FeatureStatistics& b);

struct KidOptions {
    int64_t num_subsets = 100;
    int64_t max_subset_size = 1000;
    int64_t seed = 0;
};

// The unbiased squared MMD with the kernel k(x, y) = (x.y / D + 1)^3, averaged over
// num_subsets pairs of subsets of min(N_real, N_generated, max_subset_size) rows drawn without
// replacement. The subsets are drawn exactly as NVIDIA's compute_kid draws them after
// np.random.seed(seed): np.random.choice(N, m, replace=False) for the generated set, then for
// the real set, per subset, so the result matches theirs for the same features and seed.
// LK_ERR_INVALID_ARGUMENT for fewer than 2 rows, different widths or bad options.
double kernel_inception_distance(const at::Tensor& real, const at::Tensor& generated,
                                 const KidOptions& options = {});

}  // namespace lk::metrics
