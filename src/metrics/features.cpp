#include "metrics/features.h"

#include "core/error.h"
#include "gan/seeds.h"

#include <ATen/TensorOperators.h>
#include <ATen/ops/arange.h>
#include <ATen/ops/cat.h>
#include <ATen/ops/one_hot.h>

#include <algorithm>
#include <vector>

namespace lk::metrics {
namespace {

void check_counts(int64_t count, int64_t batch_size) {
    if (count < 1 || batch_size < 1)
        fail(LK_ERR_INVALID_ARGUMENT, "feature extraction of {} images in batches of {}; expected "
             "both at least 1", count, batch_size);
}

// Runs `batch(begin, end)` -> uint8 images over [0, count) and stacks their features.
template <typename Batch>
at::Tensor batched_features(const FeatureNetwork& network, int64_t count, int64_t batch_size,
                            const Context* context, Batch&& batch) {
    std::vector<at::Tensor> parts;
    for (int64_t begin = 0; begin < count; begin += batch_size) {
        if (context) context->check_interrupt();
        parts.push_back(network.features(batch(begin, std::min(count, begin + batch_size))));
    }
    return at::cat(parts);
}

}  // namespace

at::Tensor dataset_features(const FeatureNetwork& network, const data::Dataset& dataset,
                            int64_t count, int64_t batch_size, const Context* context) {
    check_counts(count, batch_size);
    return batched_features(network, std::min(count, dataset.images.size(0)), batch_size, context,
                            [&](int64_t begin, int64_t end) {
                                return dataset.images.slice(0, begin, end);
                            });
}

at::Tensor generator_features(const FeatureNetwork& network, const gan::Generator& generator,
                              const data::Dataset& dataset, int64_t count, int64_t batch_size,
                              int64_t first_seed, const Context* context) {
    check_counts(count, batch_size);
    const gan::GeneratorConfig& config = generator.config();
    if (config.c_dim > 0) {
        if (!dataset.labels.defined())
            fail(LK_ERR_INVALID_ARGUMENT, "the generator is conditional ({} classes) but the "
                 "data set ({}) has no labels to draw its classes from", config.c_dim,
                 dataset.description);
        if (dataset.num_classes > config.c_dim)
            fail(LK_ERR_INVALID_ARGUMENT, "the data set ({}) has {} classes but the generator "
                 "only {}", dataset.description, dataset.num_classes, config.c_dim);
    }
    return batched_features(network, count, batch_size, context, [&](int64_t begin, int64_t end) {
        std::vector<int64_t> seeds;
        for (int64_t i = begin; i < end; ++i) seeds.push_back(first_seed + i);
        const at::Tensor z = gan::latents_from_seeds(seeds, config.z_dim).to(generator.device());
        at::Tensor c;
        if (config.c_dim > 0) {
            const at::Tensor rows = at::arange(begin, end, at::kLong).remainder(dataset.labels.size(0));
            c = at::one_hot(dataset.labels.index_select(0, rows), config.c_dim)
                    .to(generator.device(), at::kFloat);
        }
        const at::Tensor images = generator.generate(z, c);
        return (images * 127.5 + 128).clamp(0, 255).to(at::kByte);
    });
}

}  // namespace lk::metrics
