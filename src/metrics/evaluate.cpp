#include "metrics/evaluate.h"

#include "core/error.h"
#include "data/dataset.h"
#include "gan/generator.h"
#include "metrics/features.h"

namespace lk::metrics {

Evaluation evaluate_generator(const Context& context, c10::Device device,
                              const std::string& model, const std::string& data_source,
                              const std::string& inception, const EvaluationOptions& options) {
    if (!options.fid && !options.kid)
        fail(LK_ERR_INVALID_ARGUMENT, "no metric asked for; expected FID, KID or both");
    if (options.num_generated < 2 || options.batch_size < 1)
        fail(LK_ERR_INVALID_ARGUMENT, "{} generated images in batches of {}; expected at least 2 "
             "images and batches of at least 1", options.num_generated, options.batch_size);
    const gan::Generator generator = gan::Generator::load(model, device);
    const FeatureNetwork network = FeatureNetwork::load(inception, device);
    const gan::GeneratorConfig& config = generator.config();
    const data::Dataset dataset = data::load_dataset(data_source, config.img_resolution,
                                                     config.img_channels == 1 ? 1 : 3, &context);
    context.log(LK_LOG_INFO, fmt::format("metrics of '{}' against {}", printable(model),
                                         dataset.description));

    const at::Tensor real =
        dataset_features(network, dataset, dataset.images.size(0), options.batch_size, &context);
    const at::Tensor generated = generator_features(
        network, generator, dataset, options.num_generated, options.batch_size, 0, &context);
    context.check_interrupt();

    Evaluation evaluation;
    evaluation.num_real = real.size(0);
    evaluation.num_generated = generated.size(0);
    evaluation.data_description = dataset.description;
    if (options.fid)
        evaluation.fid = frechet_distance(feature_statistics(real), feature_statistics(generated));
    if (options.kid)
        evaluation.kid = kernel_inception_distance(real, generated, options.kid_options);
    return evaluation;
}

}  // namespace lk::metrics
