#include "metrics/features.h"

#include "gan/seeds.h"
#include "support/context.h"
#include "support/error_of.h"

#include <ATen/TensorOperators.h>
#include <ATen/ops/arange.h>
#include <ATen/ops/equal.h>
#include <ATen/ops/one_hot.h>
#include <ATen/ops/randint.h>
#include <gtest/gtest.h>

namespace lk::metrics {
namespace {

using test::error_of;

FeatureNetwork pooled() {
    return FeatureNetwork::load(std::string(LIKENESS_TEST_DATA) + "/metrics/pooled.pt");
}

gan::Generator fixture(const std::string& name) {
    return gan::Generator::load(std::string(LIKENESS_TEST_DATA) + "/gan/" + name + ".safetensors");
}

data::Dataset images(int64_t count, at::Tensor labels = {}) {
    data::Dataset dataset;
    dataset.images = at::randint(0, 256, {count, 1, 8, 8}, at::kByte);
    dataset.labels = labels;
    dataset.num_classes = labels.defined() ? labels.max().item<int64_t>() + 1 : 0;
    dataset.description = "test images";
    return dataset;
}

TEST(DatasetFeatures, TakeTheFirstImagesWhateverTheBatchSize) {
    const FeatureNetwork net = pooled();
    const data::Dataset dataset = images(7);
    const at::Tensor all = net.features(dataset.images);
    EXPECT_TRUE(at::equal(dataset_features(net, dataset, 100, 3), all));
    EXPECT_TRUE(at::equal(dataset_features(net, dataset, 5, 2), all.slice(0, 0, 5)));
    error_of(LK_ERR_INVALID_ARGUMENT, [&] { dataset_features(net, dataset, 5, 0); });
}

TEST(DatasetFeatures, StopBetweenBatchesOnceTheContextIsInterrupted) {
    Context context(test::cpu_context_params(LK_LOG_WARN));
    context.interrupt();
    error_of(LK_ERR_CANCELLED, [&] { dataset_features(pooled(), images(4), 4, 2, &context); });
    context.resume();
    EXPECT_EQ(dataset_features(pooled(), images(4), 4, 2, &context).size(0), 4);
}

TEST(GeneratorFeatures, AreTheFeaturesOfTheSeedsSamplesInNvidiasEightBits) {
    const FeatureNetwork net = pooled();
    const gan::Generator generator = fixture("tiny_unconditional_32");
    const at::Tensor features = generator_features(net, generator, images(1), 5, 2, 10);
    ASSERT_EQ(features.sizes(), (at::IntArrayRef{5, 12}));
    const at::Tensor z = gan::latents_from_seeds({10, 11, 12, 13, 14}, 32);
    const at::Tensor samples =
        (generator.generate(z, {}) * 127.5 + 128).clamp(0, 255).to(at::kByte);
    EXPECT_TRUE(at::equal(features, net.features(samples)));
    EXPECT_TRUE(at::equal(generator_features(net, generator, images(1), 5, 5, 10), features));
}

TEST(GeneratorFeatures, ConditionalSamplesTakeTheDataSetsClassesInTurn) {
    const FeatureNetwork net = pooled();
    const gan::Generator generator = fixture("tiny_conditional_16");
    const at::Tensor labels = at::arange(3, at::kLong);  // classes 0, 1, 2, 0, 1
    const at::Tensor features = generator_features(net, generator, images(3, labels), 5, 3);
    const at::Tensor c = at::one_hot(at::arange(5, at::kLong).remainder(3), 4).to(at::kFloat);
    const at::Tensor samples =
        (generator.generate(gan::latents_from_seeds({0, 1, 2, 3, 4}, 32), c) * 127.5 + 128)
            .clamp(0, 255)
            .to(at::kByte);
    EXPECT_TRUE(at::equal(features, net.features(samples)));
}

TEST(GeneratorFeatures, ConditionalGeneratorNeedsFittingLabels) {
    const FeatureNetwork net = pooled();
    const gan::Generator generator = fixture("tiny_conditional_16");
    EXPECT_NE(error_of(LK_ERR_INVALID_ARGUMENT, [&] {
                  generator_features(net, generator, images(3), 2, 2);
              }).find("no labels"),
              std::string::npos);
    EXPECT_NE(error_of(LK_ERR_INVALID_ARGUMENT, [&] {
                  generator_features(net, generator, images(6, at::arange(6, at::kLong)), 2, 2);
              }).find("6 classes but the generator only 4"),
              std::string::npos);
}

}  // namespace
}  // namespace lk::metrics
