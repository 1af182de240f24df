// FID and KID of a generator file against a training-data source: what
// `likeness gan metrics` and lk_metrics_evaluate_gan run.
#pragma once

#include "core/context.h"
#include "metrics/statistics.h"

#include <c10/core/Device.h>

#include <cstdint>
#include <optional>
#include <string>

namespace lk::metrics {

struct EvaluationOptions {
    int64_t num_generated = 50000;  // samples from seeds 0 .. num_generated - 1
    int64_t batch_size = 64;
    bool fid = true;
    bool kid = true;
    KidOptions kid_options;
};

struct Evaluation {
    std::optional<double> fid, kid;
    int64_t num_real = 0, num_generated = 0;
    std::string data_description;
};

// Loads the generator on `device` and the data set at the generator's resolution
// and channel count (every image of it is a real image, as in NVIDIA's fid50k_full and
// kid50k_full), extracts features with the TorchScript network `inception`, and computes the
// metrics asked for. Errors as load_dataset, Generator::load and FeatureNetwork::load give them;
// LK_ERR_INVALID_ARGUMENT for no metric, fewer than 2 images or a batch size below 1;
// LK_ERR_CANCELLED when the context is interrupted.
Evaluation evaluate_generator(const Context& context, c10::Device device,
                              const std::string& model, const std::string& data_source,
                              const std::string& inception, const EvaluationOptions& options);

}  // namespace lk::metrics
