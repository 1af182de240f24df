// Feature matrices for FID and KID: of a data set's images, and of a generator's samples.
#pragma once

#include "core/context.h"
#include "data/dataset.h"
#include "gan/generator.h"
#include "metrics/feature_network.h"

#include <ATen/core/Tensor.h>

#include <cstdint>

namespace lk::metrics {

// Both consult `context` (when given) between batches: LK_ERR_CANCELLED once it is interrupted.

// Features (min(count, N), D) of the data set's first `count` images, `batch_size` at a time.
// LK_ERR_INVALID_ARGUMENT for a count or batch size below 1.
at::Tensor dataset_features(const FeatureNetwork& network, const data::Dataset& dataset,
                            int64_t count, int64_t batch_size, const Context* context = nullptr);

// Features (count, D) of the samples from seeds first_seed, first_seed + 1, ... (z as
// gan/seeds.h draws it, psi 1, constant noise), converted to 8 bits as NVIDIA's metrics do:
// (x * 127.5 + 128).clamp(0, 255), truncated. A conditional generator's sample i takes the class
// of the data set's image i (cycling), so the classes follow the data set's mix;
// LK_ERR_INVALID_ARGUMENT if it has no labels or more classes than the generator.
at::Tensor generator_features(const FeatureNetwork& network, const gan::Generator& generator,
                              const data::Dataset& dataset, int64_t count, int64_t batch_size,
                              int64_t first_seed = 0, const Context* context = nullptr);

}  // namespace lk::metrics
