// The CLIP text encoder's config, weight checks and forward on tiny random models.
#include "diffusion/text_encoder.h"

#include "support/error_of.h"

#include <ATen/CPUGeneratorImpl.h>
#include <ATen/ops/allclose.h>
#include <ATen/ops/equal.h>
#include <ATen/ops/tensor.h>
#include <ATen/ops/zeros.h>

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <string>

namespace lk::diffusion {
namespace {

using ::testing::HasSubstr;

TextEncoderConfig tiny_config(int64_t layers = 2) {
    TextEncoderConfig c;
    c.vocab_size = 100;
    c.hidden_size = 16;
    c.intermediate_size = 24;
    c.num_hidden_layers = layers;
    c.num_attention_heads = 4;
    c.max_position_embeddings = 12;
    return c;
}

TextEncoder tiny_encoder(int64_t layers = 2, uint64_t seed = 1) {
    return TextEncoder::initialized(tiny_config(layers), at::detail::createCPUGenerator(seed), Placement{});
}

at::Tensor ids(std::initializer_list<int64_t> values) { return at::tensor(std::vector<int64_t>(values)).view({1, -1}); }

TEST(TextEncoderConfig, ReadsTransformersConfigAndWritesOneItReadsBack) {
    const TextEncoderConfig c = TextEncoderConfig::from_json(
        R"({"architectures": ["CLIPTextModel"], "hidden_size": 32, "intermediate_size": 64, "num_hidden_layers": 2,
            "num_attention_heads": 4, "hidden_act": "gelu", "vocab_size": 1000, "max_position_embeddings": 77,
            "layer_norm_eps": 1e-6, "projection_dim": 512, "dtype": "float32"})",
        "config.json");
    EXPECT_EQ(c.hidden_size, 32);
    EXPECT_EQ(c.num_hidden_layers, 2);
    EXPECT_FALSE(c.quick_gelu);
    EXPECT_DOUBLE_EQ(c.layer_norm_eps, 1e-6);
    const TextEncoderConfig back = TextEncoderConfig::from_json(c.to_json(), "written");
    EXPECT_EQ(back.to_json(), c.to_json());
    EXPECT_EQ(nlohmann::json::parse(c.to_json())["hidden_act"], "gelu");
}

TEST(TextEncoderConfig, ValuesItCannotRunAreRefusedByName) {
    EXPECT_THAT(test::error_of(LK_ERR_FORMAT, [] { TextEncoderConfig::from_json(R"({"hidden_act": "relu"})", "c.json"); }),
                HasSubstr("c.json: \"hidden_act\" is \"relu\""));
    EXPECT_THAT(test::error_of(LK_ERR_FORMAT, [] {
                    TextEncoderConfig::from_json(R"({"hidden_size": 30, "num_attention_heads": 4})", "c.json");
                }),
                HasSubstr("not a multiple of \"num_attention_heads\""));
    EXPECT_THAT(test::error_of(LK_ERR_FORMAT, [] { TextEncoderConfig::from_json(R"({"num_hidden_layers": "2"})", "c.json"); }),
                HasSubstr("\"num_hidden_layers\" is \"2\"; expected an integer"));
    EXPECT_THAT(test::error_of(LK_ERR_UNSUPPORTED, [] {
                    TextEncoderConfig::from_json(R"({"architectures": ["CLIPTextModelWithProjection"]})", "c.json");
                }),
                HasSubstr("CLIPTextModelWithProjection"));
}

TEST(TextEncoder, WeightsThatDoNotFitTheConfigAreRefusedNamingTheFirst) {
    const Weights good = tiny_encoder().weights();
    Weights missing = good;
    missing.erase("encoder.layers.1.mlp.fc2.bias");
    EXPECT_THAT(test::error_of(LK_ERR_FORMAT, [&] { TextEncoder(tiny_config(), missing, Placement{}); }),
                HasSubstr("encoder.layers.1.mlp.fc2.bias (shape [16]) is missing"));
    Weights misshaped = good;
    misshaped["encoder.layers.0.self_attn.k_proj.weight"] = misshaped["encoder.layers.0.mlp.fc1.weight"];
    EXPECT_THAT(test::error_of(LK_ERR_FORMAT, [&] { TextEncoder(tiny_config(), misshaped, Placement{}); }),
                HasSubstr("encoder.layers.0.self_attn.k_proj.weight has shape [24, 16], expected [16, 16]"));
    Weights extra = good;
    extra["encoder.layers.2.layer_norm1.weight"] = good.at("final_layer_norm.weight");
    EXPECT_THAT(test::error_of(LK_ERR_FORMAT, [&] { TextEncoder(tiny_config(), extra, Placement{}); }),
                HasSubstr("text encoder: unexpected tensor encoder.layers.2.layer_norm1.weight"));
    Weights integers = good;
    integers["final_layer_norm.bias"] = at::tensor(std::vector<int64_t>(16, 0));
    EXPECT_THAT(test::error_of(LK_ERR_FORMAT, [&] { TextEncoder(tiny_config(), integers, Placement{}); }),
                HasSubstr("final_layer_norm.bias is Long, expected a float type"));
}

TEST(TextEncoder, AcceptsTransformers4NamesAndIgnoresItsPositionIdsBuffer) {
    const TextEncoder reference = tiny_encoder();
    Weights legacy;
    for (const auto& [name, tensor] : reference.weights()) legacy.emplace("text_model." + name, tensor);
    legacy.emplace("text_model.embeddings.position_ids", at::tensor(std::vector<int64_t>{0, 1, 2}).view({1, -1}));
    const TextEncoder renamed(tiny_config(), legacy, Placement{});
    EXPECT_TRUE(renamed.weights().count("final_layer_norm.weight"));
    EXPECT_TRUE(at::equal(renamed(ids({1, 5, 7})), reference(ids({1, 5, 7}))));
}

TEST(TextEncoder, InitializesAsTransformersDoes) {
    const TextEncoder a = tiny_encoder(2, 7), b = tiny_encoder(2, 7), c = tiny_encoder(2, 8);
    EXPECT_TRUE(at::equal(a.weights().at("encoder.layers.0.mlp.fc1.weight"), b.weights().at("encoder.layers.0.mlp.fc1.weight")));
    EXPECT_FALSE(at::equal(a.weights().at("encoder.layers.0.mlp.fc1.weight"), c.weights().at("encoder.layers.0.mlp.fc1.weight")));
    EXPECT_NEAR(a.weights().at("embeddings.token_embedding.weight").std().item<double>(), 0.02, 0.002);
    // fc1: (2 * hidden)^-0.5 = 0.177.
    EXPECT_NEAR(a.weights().at("encoder.layers.1.mlp.fc1.weight").std().item<double>(), 0.177, 0.03);
    EXPECT_EQ(a.weights().at("encoder.layers.1.layer_norm2.weight").min().item<float>(), 1.0f);
    EXPECT_EQ(a.weights().at("encoder.layers.1.self_attn.q_proj.bias").abs().max().item<float>(), 0.0f);
}

TEST(TextEncoder, AttentionIsCausal) {
    const TextEncoder encoder = tiny_encoder();
    const at::Tensor before = encoder(ids({1, 5, 7, 9, 2})), after = encoder(ids({1, 5, 7, 42, 2}));
    ASSERT_EQ(before.sizes(), at::IntArrayRef({1, 5, 16}));
    // Tokens before the changed one cannot see it; it and those after it do.
    EXPECT_TRUE(at::equal(before.narrow(1, 0, 3), after.narrow(1, 0, 3)));
    EXPECT_FALSE(at::allclose(before.narrow(1, 3, 1), after.narrow(1, 3, 1)));
    EXPECT_FALSE(at::allclose(before.narrow(1, 4, 1), after.narrow(1, 4, 1)));
}

TEST(TextEncoder, ClipSkipTakesAnEarlierLayerThroughTheFinalNorm) {
    // A 1-layer encoder with the 2-layer one's first layer computes what clip skip 2 returns.
    const TextEncoder two = tiny_encoder(2);
    Weights first = two.weights();
    for (auto it = first.begin(); it != first.end();)
        it = it->first.rfind("encoder.layers.1.", 0) == 0 ? first.erase(it) : std::next(it);
    const TextEncoder one(tiny_config(1), first, Placement{});
    const at::Tensor tokens = ids({3, 1, 4, 1, 5, 9});
    EXPECT_TRUE(at::allclose(two(tokens, 2), one(tokens), 0, 0));
    EXPECT_FALSE(at::allclose(two(tokens, 1), one(tokens)));
}

TEST(TextEncoder, BadInputsAreInvalidArgumentsSayingWhatIsExpected) {
    const TextEncoder encoder = tiny_encoder();
    EXPECT_THAT(test::error_of(LK_ERR_INVALID_ARGUMENT, [&] { encoder(ids({1, 2}), 3); }),
                HasSubstr("clip skip is 3; expected 1 (the last layer) to 2"));
    EXPECT_THAT(test::error_of(LK_ERR_INVALID_ARGUMENT, [&] { encoder(ids({1, 100})); }),
                HasSubstr("token ids range from 1 to 100; expected 0 to 99"));
    EXPECT_THAT(test::error_of(LK_ERR_INVALID_ARGUMENT, [&] { encoder(at::zeros({1, 13}, at::kLong)); }),
                HasSubstr("shaped (batch, 1..12)"));
    EXPECT_THAT(test::error_of(LK_ERR_INVALID_ARGUMENT, [&] { encoder(at::zeros({1, 3}, at::kFloat)); }),
                HasSubstr("integer ids"));
}

}  // namespace
}  // namespace lk::diffusion
