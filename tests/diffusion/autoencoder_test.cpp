// The autoencoder's checks of its config, weights and inputs, and its latent sampling (its
// encodings and decodings are checked against diffusers by check_model_parity.py).
#include "diffusion/autoencoder.h"
#include "support/error_of.h"

#include <ATen/CPUGeneratorImpl.h>
#include <ATen/TensorOperators.h>
#include <ATen/ops/allclose.h>
#include <ATen/ops/exp.h>
#include <ATen/ops/rand.h>
#include <ATen/ops/randn.h>
#include <ATen/ops/zeros.h>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace lk::diffusion {
namespace {

using ::testing::HasSubstr;

// Three blocks (latents 4 times smaller per side), one resnet per block.
AutoencoderConfig tiny_config() {
    AutoencoderConfig c;
    c.block_out_channels = {8, 16, 16};
    c.layers_per_block = 1;
    c.norm_num_groups = 4;
    c.sample_size = 32;
    return c;
}

Autoencoder tiny_autoencoder() {
    return Autoencoder::initialized(tiny_config(), at::detail::createCPUGenerator(3), {});
}

TEST(Autoencoder, EncodesToLatentsDownscaledPerSideAndDecodesBack) {
    const Autoencoder vae = tiny_autoencoder();
    ASSERT_EQ(vae.config().downscale(), 4);
    at::Generator g = at::detail::createCPUGenerator(1);
    const at::Tensor images = at::rand({2, 3, 16, 24}, g) * 2 - 1;
    const LatentDistribution latents = vae.encode(images);
    EXPECT_EQ(latents.mean.sizes(), at::IntArrayRef({2, 4, 4, 6}));
    EXPECT_EQ(latents.logvar.sizes(), at::IntArrayRef({2, 4, 4, 6}));
    EXPECT_EQ(vae.decode(latents.mean).sizes(), images.sizes());
    // Each image is encoded on its own.
    EXPECT_TRUE(at::allclose(vae.encode(images.narrow(0, 1, 1)).mean, latents.mean.narrow(0, 1, 1),
                             1e-5, 1e-6));
}

TEST(Autoencoder, LogVarianceIsClampedAsDiffusersClampsIt) {
    Autoencoder vae = tiny_autoencoder();
    // A quant_conv bias of 100 on the log-variance half pushes it far beyond the clamp.
    vae.weights().at("quant_conv.bias").narrow(0, 4, 4).fill_(100);
    const at::Tensor logvar = vae.encode(at::zeros({1, 3, 8, 8})).logvar;
    EXPECT_EQ(logvar.max().item<float>(), 20.0f);
}

TEST(LatentDistribution, SamplesMeanPlusStdTimesTheGeneratorsNoise) {
    at::Generator g = at::detail::createCPUGenerator(5);
    const LatentDistribution d{at::randn({1, 4, 3, 5}, g), at::randn({1, 4, 3, 5}, g)};
    const at::Tensor sample = d.sample(at::detail::createCPUGenerator(9));
    const at::Tensor noise = at::randn({1, 4, 3, 5}, at::detail::createCPUGenerator(9));
    EXPECT_TRUE(at::allclose(sample, d.mean + at::exp(d.logvar * 0.5) * noise));
    EXPECT_EQ(d.sample(std::nullopt).sizes(), d.mean.sizes());
}

TEST(Autoencoder, NamesTheFirstMissingMisshapedOrUnexpectedTensor) {
    const Autoencoder reference = tiny_autoencoder();
    Weights weights = reference.weights();
    weights.erase("encoder.mid_block.attentions.0.group_norm.weight");
    EXPECT_THAT(test::error_of(LK_ERR_FORMAT, [&] { Autoencoder(tiny_config(), weights, {}); }),
                HasSubstr("encoder.mid_block.attentions.0.group_norm.weight (shape [16]) is missing"));
    weights = reference.weights();
    weights["decoder.up_blocks.2.resnets.0.conv_shortcut.weight"] = at::zeros({8, 8, 1, 1});
    EXPECT_THAT(test::error_of(LK_ERR_FORMAT, [&] { Autoencoder(tiny_config(), weights, {}); }),
                HasSubstr("Autoencoder: tensor decoder.up_blocks.2.resnets.0.conv_shortcut.weight "
                          "has shape [8, 8, 1, 1], expected [8, 16, 1, 1]"));
}

TEST(Autoencoder, RefusesImagesOfTheWrongShape) {
    const Autoencoder vae = tiny_autoencoder();
    EXPECT_THAT(test::error_of(LK_ERR_INVALID_ARGUMENT, [&] { vae.encode(at::zeros({1, 3, 16, 18})); }),
                HasSubstr("images must be (N, 3, H, W) with H and W positive multiples of 4, got [1, 3, 16, 18]"));
    EXPECT_THAT(test::error_of(LK_ERR_INVALID_ARGUMENT, [&] { vae.decode(at::zeros({1, 3, 4, 4})); }),
                HasSubstr("latents must be (N, 4, H, W)"));
}

TEST(AutoencoderConfig, ReadsWhatItWritesAndRefusesVariantsByName) {
    const AutoencoderConfig back = AutoencoderConfig::from_json(tiny_config().to_json(), "vae");
    EXPECT_EQ(back.block_out_channels, tiny_config().block_out_channels);
    EXPECT_EQ(back.layers_per_block, 1);
    EXPECT_EQ(back.norm_num_groups, 4);
    EXPECT_DOUBLE_EQ(back.scaling_factor, 0.18215);

    const auto refusal = [](const std::string& extra) {
        return test::error_of(LK_ERR_FORMAT, [&] {
            AutoencoderConfig::from_json(R"({"_class_name": "AutoencoderKL", )" + extra + "}",
                                         "vae/config.json");
        });
    };
    EXPECT_THAT(refusal(R"("latents_mean": [0, 0, 0, 0])"), HasSubstr("\"latents_mean\""));
    EXPECT_THAT(refusal(R"("use_quant_conv": false)"), HasSubstr("\"use_quant_conv\" is false"));
    EXPECT_THAT(refusal(R"("down_block_types": ["DownEncoderBlock2D", "DownEncoderBlock2D"])"),
                HasSubstr("\"down_block_types\" must be DownEncoderBlock2D once per block"));
    EXPECT_THAT(refusal(R"("scaling_factor": -1)"), HasSubstr("scaling_factor must be positive"));
}

}  // namespace
}  // namespace lk::diffusion
