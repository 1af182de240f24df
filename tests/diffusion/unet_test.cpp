// The UNet's checks of its config, weights and inputs, and the behaviour training relies on
// (its outputs are checked against diffusers by check_model_parity.py).
#include "diffusion/layers.h"
#include "diffusion/unet.h"
#include "support/error_of.h"

#include <ATen/CPUGeneratorImpl.h>
#include <ATen/TensorOperators.h>
#include <ATen/ops/allclose.h>
#include <ATen/ops/cat.h>
#include <ATen/ops/equal.h>
#include <ATen/ops/ones.h>
#include <ATen/ops/randn.h>
#include <ATen/ops/tensor.h>
#include <ATen/ops/zeros.h>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cmath>

namespace lk::diffusion {
namespace {

using ::testing::HasSubstr;

// Two blocks, the first with cross-attention, at widths that run in milliseconds.
UNetConfig tiny_config() {
    UNetConfig c;
    c.sample_size = 8;
    c.block_out_channels = {8, 16};
    c.cross_attention = {true, false};
    c.layers_per_block = 1;
    c.cross_attention_dim = 12;
    c.attention_heads = {2};
    c.norm_num_groups = 4;
    return c;
}

UNet tiny_unet(uint64_t seed = 0, UNetConfig config = tiny_config()) {
    return UNet::initialized(std::move(config), at::detail::createCPUGenerator(seed), {});
}

struct Inputs {
    at::Tensor sample, timesteps, context;
};

Inputs tiny_inputs(int64_t channels = 4) {
    at::Generator g = at::detail::createCPUGenerator(7);
    return {at::randn({2, channels, 8, 4}, g), at::tensor({900.0f, 12.5f}),
            at::randn({2, 5, 12}, g)};
}

TEST(UNet, OutputHasTheSampleShapeAndDependsOnTimestepAndContext) {
    const UNet unet = tiny_unet();
    const Inputs in = tiny_inputs();
    const at::Tensor out = unet(in.sample, in.timesteps, in.context);
    ASSERT_EQ(out.sizes(), in.sample.sizes());
    EXPECT_TRUE(out.isfinite().all().item<bool>());
    EXPECT_FALSE(at::allclose(out, unet(in.sample, at::tensor({100.0f, 12.5f}), in.context)));
    EXPECT_FALSE(at::allclose(out, unet(in.sample, in.timesteps, in.context * 2)));
}

TEST(UNet, EachSampleOfABatchIsComputedAsIfAlone) {
    const UNet unet = tiny_unet();
    const Inputs in = tiny_inputs();
    const at::Tensor batch = unet(in.sample, in.timesteps, in.context);
    for (int64_t i = 0; i < 2; ++i) {
        const at::Tensor alone = unet(in.sample.narrow(0, i, 1), in.timesteps.narrow(0, i, 1),
                                      in.context.narrow(0, i, 1));
        EXPECT_TRUE(at::allclose(alone, batch.narrow(0, i, 1), 1e-5, 1e-5)) << "sample " << i;
    }
    // A scalar timestep applies to the whole batch.
    EXPECT_TRUE(at::allclose(unet(in.sample, at::tensor(900.0f), in.context),
                             unet(in.sample, at::tensor({900.0f, 900.0f}), in.context)));
}

TEST(UNet, FreshWeightsFollowTheSeedAndPyTorchsInitialization) {
    const UNet a = tiny_unet(1), b = tiny_unet(1), c = tiny_unet(2);
    EXPECT_TRUE(at::equal(a.weights().at("conv_in.weight"), b.weights().at("conv_in.weight")));
    EXPECT_FALSE(at::equal(a.weights().at("conv_in.weight"), c.weights().at("conv_in.weight")));
    // kaiming_uniform(a = sqrt(5)): |w| <= 1 / sqrt(fan_in); conv_in's fan-in is 4 * 3 * 3.
    const at::Tensor w = a.weights().at("conv_in.weight");
    EXPECT_LE(w.abs().max().item<float>(), 1 / 6.0f);
    EXPECT_GT(w.abs().max().item<float>(), 0.8f / 6.0f);
    EXPECT_TRUE(at::equal(a.weights().at("conv_norm_out.weight"), at::ones({8})));
    EXPECT_TRUE(at::equal(a.weights().at("mid_block.attentions.0.transformer_blocks.0.norm1.bias"),
                          at::zeros({16})));
    EXPECT_EQ(a.weights().count("down_blocks.0.attentions.0.transformer_blocks.0.attn1.to_q.bias"), 0u);
}

TEST(UNet, InPlaceWeightUpdatesShowAndGradientsReachTheWeights) {
    UNet unet = tiny_unet();
    const Inputs in = tiny_inputs();
    at::Tensor& weight = unet.weights().at("conv_out.weight");
    weight.zero_();
    unet.weights().at("conv_out.bias").fill_(0.5);
    EXPECT_TRUE(at::allclose(unet(in.sample, in.timesteps, in.context),
                             at::zeros_like(in.sample) + 0.5));

    at::Tensor& q = unet.weights().at("down_blocks.0.attentions.0.transformer_blocks.0.attn2.to_q.weight");
    q.set_requires_grad(true);
    weight.normal_();
    unet(in.sample, in.timesteps, in.context).square().sum().backward();
    ASSERT_TRUE(q.grad().defined());
    EXPECT_GT(q.grad().abs().sum().item<float>(), 0);
}

TEST(UNet, LinearProjectionsAndPerBlockHeadCounts) {
    UNetConfig config = tiny_config();
    config.use_linear_projection = true;
    config.attention_heads = {2, 4};
    const UNet unet = tiny_unet(0, config);
    EXPECT_EQ(unet.weights().at("mid_block.attentions.0.proj_in.weight").sizes(),
              at::IntArrayRef({16, 16}));
    const Inputs in = tiny_inputs();
    EXPECT_EQ(unet(in.sample, in.timesteps, in.context).sizes(), in.sample.sizes());
}

TEST(UNet, NamesTheFirstMissingMisshapedOrUnexpectedTensor) {
    const UNet reference = tiny_unet();
    Weights weights = reference.weights();
    weights.erase("up_blocks.1.attentions.1.transformer_blocks.0.ff.net.2.weight");
    EXPECT_THAT(test::error_of(LK_ERR_FORMAT, [&] { UNet(tiny_config(), weights, {}); }),
                HasSubstr("up_blocks.1.attentions.1.transformer_blocks.0.ff.net.2.weight (shape [8, 32]) is missing"));

    weights = reference.weights();
    weights["up_blocks.0.resnets.0.conv1.weight"] = at::zeros({16, 16, 3, 3});
    EXPECT_THAT(test::error_of(LK_ERR_FORMAT, [&] { UNet(tiny_config(), weights, {}); }),
                HasSubstr("up_blocks.0.resnets.0.conv1.weight has shape [16, 16, 3, 3], expected [16, 32, 3, 3]"));

    weights = reference.weights();
    weights["time_embedding.cond_proj.weight"] = at::zeros({8, 4});
    EXPECT_THAT(test::error_of(LK_ERR_FORMAT, [&] { UNet(tiny_config(), weights, {}); }),
                HasSubstr("unexpected tensor time_embedding.cond_proj.weight (shape [8, 4])"));

    weights = reference.weights();
    weights["conv_in.bias"] = at::zeros({8}, at::kLong);
    EXPECT_THAT(test::error_of(LK_ERR_FORMAT, [&] { UNet(tiny_config(), weights, {}); }),
                HasSubstr("conv_in.bias is Long, expected a float type"));
}

TEST(UNet, LcmDistilledUNetsAddTheGuidanceEmbeddingToTheTimesteps) {
    UNetConfig config = tiny_config();
    config.time_cond_proj_dim = 6;
    ASSERT_EQ(UNetConfig::from_json(config.to_json(), "c").time_cond_proj_dim, 6);
    const UNet unet = tiny_unet(0, config);
    EXPECT_EQ(unet.weights().at("time_embedding.cond_proj.weight").sizes(), at::IntArrayRef({8, 6}));
    const Inputs in = tiny_inputs();
    const at::Tensor low = unet(in.sample, in.timesteps, in.context,
                                guidance_scale_embedding(at::tensor({1.5f, 1.5f}), 6));
    const at::Tensor high = unet(in.sample, in.timesteps, in.context,
                                 guidance_scale_embedding(at::tensor({8.0f, 8.0f}), 6));
    EXPECT_FALSE(at::allclose(low, high));
    EXPECT_THAT(test::error_of(LK_ERR_INVALID_ARGUMENT,
                               [&] { unet(in.sample, in.timesteps, in.context, at::zeros({2, 5})); }),
                HasSubstr("timestep_cond must be (2, 6), got [2, 5]"));
    EXPECT_THAT(test::error_of(LK_ERR_INVALID_ARGUMENT,
                               [&] { tiny_unet()(in.sample, in.timesteps, in.context, at::zeros({2, 6})); }),
                HasSubstr("this model takes no timestep_cond"));
}

TEST(UNet, RefusesInputsOfTheWrongShape) {
    const UNet unet = tiny_unet();
    const Inputs in = tiny_inputs();
    EXPECT_THAT(test::error_of(LK_ERR_INVALID_ARGUMENT,
                               [&] { unet(at::zeros({2, 9, 8, 8}), in.timesteps, in.context); }),
                HasSubstr("sample must be (N, 4, h, w) with h and w positive multiples of 2, got [2, 9, 8, 8]"));
    EXPECT_THAT(test::error_of(LK_ERR_INVALID_ARGUMENT,
                               [&] { unet(at::zeros({2, 4, 8, 7}), in.timesteps, in.context); }),
                HasSubstr("multiples of 2"));
    EXPECT_THAT(test::error_of(LK_ERR_INVALID_ARGUMENT,
                               [&] { unet(in.sample, at::zeros({3}), in.context); }),
                HasSubstr("timesteps must be a scalar or (2), got [3]"));
    EXPECT_THAT(test::error_of(LK_ERR_INVALID_ARGUMENT,
                               [&] { unet(in.sample, in.timesteps, at::zeros({2, 5, 768})); }),
                HasSubstr("context must be (2, tokens, 12), got [2, 5, 768]"));
}

TEST(UNet, BFloat16WeightsAndActivationsStayCloseToFloat32) {
    const UNet full = tiny_unet();
    Placement bf16;
    bf16.dtype = at::kBFloat16;
    const UNet half(tiny_config(), full.weights(), bf16);
    EXPECT_EQ(half.weights().at("conv_in.weight").scalar_type(), at::kBFloat16);
    const Inputs in = tiny_inputs();
    const at::Tensor expected = full(in.sample, in.timesteps, in.context);
    const at::Tensor out = half(in.sample, in.timesteps, in.context);
    ASSERT_EQ(out.scalar_type(), at::kBFloat16);
    // bfloat16 keeps 8 bits of mantissa: ~0.4% per rounding, a few percent over the network.
    const double error = (out.to(at::kFloat) - expected).abs().max().item<double>();
    EXPECT_LT(error, 0.05 * expected.abs().max().item<double>());
}

TEST(UNet, RefusesPlacementsItCannotRun) {
    Placement half;
    half.dtype = at::kHalf;
    const Weights weights = tiny_unet().weights();
    EXPECT_THAT(test::error_of(LK_ERR_UNSUPPORTED, [&] { UNet(tiny_config(), weights, half); }),
                HasSubstr("UNet on cpu runs in float32 or bfloat16, not Half"));
}

TEST(UNetConfig, ReadsWhatItWritesAndDiffusersSd1Configs) {
    UNetConfig config = tiny_config();
    config.attention_heads = {2, 4};
    config.freq_shift = 1;
    const UNetConfig back = UNetConfig::from_json(config.to_json(), "config.json");
    EXPECT_EQ(back.block_out_channels, config.block_out_channels);
    EXPECT_EQ(back.cross_attention, config.cross_attention);
    EXPECT_EQ(back.attention_heads, config.attention_heads);
    EXPECT_EQ(back.freq_shift, 1);
    EXPECT_EQ(back.norm_num_groups, 4);

    // SD 1.5's unet/config.json, as released (its keys that hold defaults included).
    const UNetConfig sd15 = UNetConfig::from_json(R"({
      "_class_name": "UNet2DConditionModel", "_diffusers_version": "0.6.0", "act_fn": "silu",
      "attention_head_dim": 8, "block_out_channels": [320, 640, 1280, 1280],
      "center_input_sample": false, "cross_attention_dim": 768,
      "down_block_types": ["CrossAttnDownBlock2D", "CrossAttnDownBlock2D", "CrossAttnDownBlock2D", "DownBlock2D"],
      "downsample_padding": 1, "flip_sin_to_cos": true, "freq_shift": 0, "in_channels": 4,
      "layers_per_block": 2, "mid_block_scale_factor": 1, "norm_eps": 1e-05, "norm_num_groups": 32,
      "out_channels": 4, "sample_size": 64,
      "up_block_types": ["UpBlock2D", "CrossAttnUpBlock2D", "CrossAttnUpBlock2D", "CrossAttnUpBlock2D"]
    })", "sd15/unet/config.json");
    EXPECT_EQ(sd15.cross_attention, (std::vector<bool>{true, true, true, false}));
    EXPECT_EQ(sd15.attention_heads, std::vector<int64_t>{8});
}

TEST(UNetConfig, RefusesByNameWhatTheModelDoesNotDo) {
    const auto refusal = [](const std::string& extra) {
        return test::error_of(LK_ERR_FORMAT, [&] {
            UNetConfig::from_json(R"({"_class_name": "UNet2DConditionModel", )" + extra + "}",
                                  "unet/config.json");
        });
    };
    EXPECT_THAT(refusal(R"("time_embedding_type": "fourier")"),
                HasSubstr("unet/config.json: \"time_embedding_type\" is \"fourier\", which is not supported"));
    EXPECT_THAT(refusal(R"("addition_embed_type": "text_time")"), HasSubstr("\"addition_embed_type\""));
    EXPECT_THAT(refusal(R"("class_embed_type": "timestep")"), HasSubstr("\"class_embed_type\""));
    EXPECT_THAT(refusal(R"("resnet_time_scale_shift": "scale_shift")"),
                HasSubstr("(supported: [\"default\"])"));
    EXPECT_THAT(refusal(R"("some_future_key": 1)"),
                HasSubstr("the key \"some_future_key\" (set to 1) is not supported"));
    EXPECT_THAT(refusal(R"("down_block_types": ["SimpleCrossAttnDownBlock2D"])"),
                HasSubstr("\"down_block_types\" holds \"SimpleCrossAttnDownBlock2D\""));
    EXPECT_THAT(refusal(R"("block_out_channels": [32, 64], "down_block_types": ["DownBlock2D", "DownBlock2D"], "up_block_types": ["UpBlock2D", "CrossAttnUpBlock2D"])"),
                HasSubstr("\"up_block_types\" must mirror down_block_types"));
    EXPECT_THAT(refusal(R"("block_out_channels": [30, 60], "down_block_types": ["DownBlock2D", "DownBlock2D"])"),
                HasSubstr("multiples of norm_num_groups (got 30)"));
    EXPECT_THAT(refusal(R"("layers_per_block": "two")"),
                HasSubstr("\"layers_per_block\" is \"two\"; expected an integer"));
    // Keys that change nothing in inference are accepted.
    EXPECT_NO_THROW(UNetConfig::from_json(R"({"upcast_attention": true, "dropout": 0.1})", "c"));
}

}  // namespace
}  // namespace lk::diffusion
