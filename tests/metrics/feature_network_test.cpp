#include "metrics/feature_network.h"

#include "support/error_of.h"
#include "support/temp_directory.h"

#include <ATen/TensorOperators.h>
#include <ATen/ops/adaptive_avg_pool2d.h>
#include <ATen/ops/allclose.h>
#include <ATen/ops/equal.h>
#include <ATen/ops/randint.h>
#include <gtest/gtest.h>

namespace lk::metrics {
namespace {

using test::error_of;

// The tiny networks of tests/metrics/make_feature_networks.py.
std::string network(const std::string& name) {
    return std::string(LIKENESS_TEST_DATA) + "/metrics/" + name + ".pt";
}

at::Tensor random_images(int64_t count, int64_t channels, int64_t size) {
    return at::randint(0, 256, {count, channels, size, size}, at::kByte);
}

TEST(FeatureNetwork, CallsTheNetworkWithReturnFeatures) {
    const FeatureNetwork net = FeatureNetwork::load(network("pooled"));
    const at::Tensor images = random_images(3, 3, 10);
    const at::Tensor features = net.features(images);
    ASSERT_EQ(features.sizes(), (at::IntArrayRef{3, 12}));
    EXPECT_EQ(features.scalar_type(), at::kFloat);
    // return_features=True: the pooled means, not the softmax the network returns without it.
    const at::Tensor expected = at::adaptive_avg_pool2d(images.to(at::kFloat) / 255, {2, 2}).flatten(1);
    EXPECT_TRUE(at::allclose(features, expected, 1e-6, 1e-6));
}

TEST(FeatureNetwork, RepeatsGreyImagesToRgb) {
    const FeatureNetwork net = FeatureNetwork::load(network("pooled"));
    const at::Tensor grey = random_images(2, 1, 8);
    EXPECT_TRUE(at::equal(net.features(grey), net.features(grey.repeat({1, 3, 1, 1}))));
}

TEST(FeatureNetwork, RefusesImagesThatAreNotUint8Batches) {
    const FeatureNetwork net = FeatureNetwork::load(network("pooled"));
    const std::string message = error_of(LK_ERR_INVALID_ARGUMENT, [&] {
        net.features(random_images(2, 3, 8).to(at::kFloat));
    });
    EXPECT_NE(message.find("expected uint8 (N >= 1, 1 or 3, H, W)"), std::string::npos) << message;
    error_of(LK_ERR_INVALID_ARGUMENT, [&] { net.features(random_images(2, 4, 8)); });
    error_of(LK_ERR_INVALID_ARGUMENT, [&] { net.features(random_images(0, 3, 8)); });
}

TEST(FeatureNetwork, MissingFileIsAnIoErrorNamingIt) {
    const std::string message =
        error_of(LK_ERR_IO, [] { FeatureNetwork::load("/no/such/inception.pt"); });
    EXPECT_NE(message.find("/no/such/inception.pt"), std::string::npos) << message;
}

TEST(FeatureNetwork, FileThatIsNotTorchScriptIsAFormatError) {
    const test::TempDirectory folder;
    test::write_bytes(folder.file("inception.pt"), "a pickle, perhaps, but no TorchScript archive");
    const std::string message =
        error_of(LK_ERR_FORMAT, [&] { FeatureNetwork::load(folder.file("inception.pt")); });
    EXPECT_NE(message.find("is not a TorchScript file"), std::string::npos) << message;
    EXPECT_NE(message.find("inception.pt"), std::string::npos) << message;
}

TEST(FeatureNetwork, WrongOutputsAndSignaturesAreFormatErrorsNamingTheFile) {
    const at::Tensor images = random_images(2, 3, 8);
    for (const auto& [name, says] : std::vector<std::pair<std::string, std::string>>{
             {"scalar", "expected a float tensor (2, D)"},
             {"pair", "expected a float tensor (N, D)"},
             {"no_keyword", "cannot be called as net(images, return_features=True)"}}) {
        const FeatureNetwork net = FeatureNetwork::load(network(name));
        const std::string message = error_of(LK_ERR_FORMAT, [&] { net.features(images); });
        EXPECT_NE(message.find(says), std::string::npos) << message;
        EXPECT_NE(message.find(name + ".pt"), std::string::npos) << message;
    }
}

}  // namespace
}  // namespace lk::metrics
