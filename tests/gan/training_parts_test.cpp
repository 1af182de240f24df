// The pieces of StyleGAN2 training on their own: augmentation, the adaptive probability, Adam,
// fresh weights, and the unfused modulated convolution that training differentiates.
#include "gan/generator.h"
#include "gan/synthesis.h"
#include "core/adam.h"
#include "gan/training/augment.h"
#include "gan/training/initialization.h"
#include "gan/model_file.h"
#include "io/safetensors.h"
#include "support/error_of.h"

#include <ATen/CPUGeneratorImpl.h>
#include <ATen/TensorOperators.h>
#include <ATen/ops/abs.h>
#include <ATen/ops/allclose.h>
#include <ATen/ops/arange.h>
#include <ATen/ops/equal.h>
#include <ATen/ops/full.h>
#include <ATen/ops/max.h>
#include <ATen/ops/ones.h>
#include <ATen/ops/ones_like.h>
#include <ATen/ops/zeros_like.h>
#include <ATen/ops/randn.h>
#include <ATen/ops/sort.h>
#include <ATen/ops/tensor.h>
#include <ATen/ops/zeros.h>
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <cmath>

namespace lk::gan {
namespace {

at::Generator rng(uint64_t seed) {
    return at::make_generator<at::CPUGeneratorImpl>(seed);
}

TEST(Augment, ProbabilityZeroReturnsTheImagesThemselves) {
    at::Generator g = rng(1);
    const at::Tensor x = at::randn({4, 3, 8, 8});
    EXPECT_TRUE(augment(x, 0, g).is_same(x));
}

// With p = 1 every image is transformed, yet each stays a spatial rearrangement of its own
// pixels up to a colour transform: a single grey image that is constant stays constant.
TEST(Augment, ProbabilityOneChangesEveryImageAndKeepsConstantsConstant) {
    at::Generator g = rng(2);
    const at::Tensor x = at::randn({16, 3, 8, 8});
    const at::Tensor y = augment(x, 1, g);
    EXPECT_EQ(y.sizes(), x.sizes());
    for (int64_t i = 0; i < 16; ++i) EXPECT_FALSE(at::equal(y[i], x[i])) << i;
    const at::Tensor flat = at::full({4, 3, 8, 8}, 0.25);
    const at::Tensor z = augment(flat, 1, g);
    for (int64_t i = 0; i < 4; ++i)
        EXPECT_LT((z[i] - z[i].mean()).abs().max().item<double>(), 1e-6) << i;
}

TEST(Augment, GradientsReachEveryImage) {
    at::Generator g = rng(3);
    const at::Tensor x = at::randn({8, 3, 8, 8}).requires_grad_();
    augment(x, 1, g).square().sum().backward();
    for (int64_t i = 0; i < 8; ++i) EXPECT_GT(x.grad()[i].abs().sum().item<double>(), 0) << i;
}

// D says "real" to every real image (sign +1 > target): p climbs by batch * interval / (kimg *
// 1000) per adjustment; sure of nothing (sign -1): it falls, never below 0.
TEST(AdaptiveAugment, StepsTowardsTheTargetSign) {
    AdaptiveAugment ada(0.6, 1, 4);  // 1 kimg from 0 to 1
    for (int i = 0; i < 8; ++i) ada.observe(at::ones({32, 1}));
    EXPECT_NEAR(ada.p(), 2 * 128.0 / 1000, 1e-12);
    EXPECT_DOUBLE_EQ(ada.last_sign(), 1);
    for (int i = 0; i < 4 * 10; ++i) ada.observe(-at::ones({32, 1}));
    EXPECT_DOUBLE_EQ(ada.p(), 0);
}

// Adam normalizes each coordinate's step: with beta1 = 0 and a gradient of constant sign, each
// step moves every coordinate by lr against its gradient's sign whatever the gradient's size
// (the bias correction makes that exact from the first step).
TEST(Adam, StepsByTheLearningRateAgainstTheGradientSign) {
    const at::Tensor p = at::zeros({3});
    Adam adam({{"p", p}}, 0.01, 0, 0.99);
    const at::Tensor g = at::tensor({1e-3f, -5.0f, 2e2f});
    for (int step = 1; step <= 3; ++step) {
        p.mutable_grad() = g * step;
        adam.step();
    }
    // Every coordinate took the same steps: the gradients differ in size, not in their history
    // relative to it (eps = 1e-8 aside).
    EXPECT_TRUE(at::allclose(p, at::tensor({-1.0f, 1.0f, -1.0f}) * p.abs().max(), 1e-4, 0));
    EXPECT_EQ(adam.steps(), 3);

    const at::Tensor q = at::zeros({2});
    Adam first({{"q", q}}, 0.01, 0, 0.99);
    q.mutable_grad() = at::tensor({3.0f, -0.5f});
    first.step();
    EXPECT_TRUE(at::allclose(q, at::tensor({-0.01f, 0.01f}), 1e-6, 1e-9)) << q;
}

TEST(Adam, StateRoundTripsAndNamesWhatIsMissing) {
    const at::Tensor p = at::zeros({2, 2});
    Adam adam({{"w", p}}, 0.1, 0.5, 0.9);
    p.mutable_grad() = at::ones({2, 2});
    adam.step();
    const Weights state = adam.state();
    ASSERT_EQ(state.size(), 2u);
    Adam other({{"w", at::zeros({2, 2})}}, 0.1, 0.5, 0.9);
    other.load_state(state, adam.steps());
    EXPECT_TRUE(at::equal(other.state().at("m.w"), state.at("m.w")));
    EXPECT_EQ(other.steps(), 1);
    const std::string message = lk::test::error_of(
        LK_ERR_FORMAT, [&] { other.load_state({{"m.w", at::zeros({2, 2})}}, 1); });
    EXPECT_NE(message.find("v.w"), std::string::npos) << message;
}

// Fresh weights have every tensor of the config, with NVIDIA's starting values where those are
// fixed, and load back as a generator.
TEST(InitialWeights, HoldEveryTensorWithNvidiasFixedStartingValues) {
    const GeneratorConfig config = GeneratorConfig::parse(
        R"({"z_dim": 8, "c_dim": 0, "w_dim": 8, "img_resolution": 8, "img_channels": 3,
            "mapping_kwargs": {"num_layers": 2}, "synthesis_kwargs": {"channel_base": 64, "channel_max": 16}})");
    at::Generator g = rng(4);
    const Weights w = initial_weights(config, g, c10::kCPU);
    EXPECT_EQ(w.size(), config.tensors().size());
    EXPECT_TRUE(at::equal(w.at("synthesis.b8.conv0.affine.bias"), at::ones_like(w.at("synthesis.b8.conv0.affine.bias"))));
    EXPECT_TRUE(at::equal(w.at("synthesis.b8.conv0.bias"), at::zeros_like(w.at("synthesis.b8.conv0.bias"))));
    EXPECT_TRUE(at::equal(w.at("mapping.w_avg"), at::zeros({8})));
    const at::Tensor f = w.at("synthesis.b8.resample_filter");
    EXPECT_NEAR(f.sum().item<double>(), 1, 1e-6);
    EXPECT_NEAR(f[0][0].item<double>(), 1.0 / 64, 1e-7);
    // Mapping weights are stored divided by the learning rate multiplier (0.01).
    EXPECT_GT(w.at("mapping.fc0.weight").std().item<double>(), 20);
    EXPECT_FALSE(is_parameter("synthesis.b8.conv0.noise_const"));
    EXPECT_TRUE(is_parameter("synthesis.b8.conv0.noise_strength"));
}

// Training differentiates the unfused modulated convolution (activations scaled around one
// shared convolution); it computes what NVIDIA's fused inference computes.
TEST(Synthesis, UnfusedTrainingPathMatchesNvidia) {
    const std::string dir = std::string(LIKENESS_TEST_DATA) + "/gan/";
    const io::SafetensorsFile file = io::SafetensorsFile::open(dir + "tiny_conditional_16.safetensors");
    const GeneratorConfig config = GeneratorConfig::parse(metadata_entry(file, kConfigKey));
    Weights weights = read_weights(file, config.tensors(), "", "", c10::kCPU);
    for (auto& [name, t] : weights)
        if (is_parameter(name)) t = t.clone().requires_grad_();
    const Synthesis synthesis(config, weights);
    const io::SafetensorsFile expected =
        io::SafetensorsFile::open(dir + "tiny_conditional_16_expected.safetensors");
    const at::Tensor img = synthesis(expected.tensor("ws_psi1"), NoiseMode::Const);
    EXPECT_TRUE(img.requires_grad());
    const at::Tensor reference = expected.tensor("img_psi1_const");
    EXPECT_LT((img.detach() - reference).abs().max().item<double>(), 1e-3);
}

}  // namespace
}  // namespace lk::gan
