// generate's contract on the tiny pipelines (make_tiny_pipelines.py): seeds per image, the
// refusals naming the field, progress and cancellation, and the prompt embeddings of long and
// weighted prompts. Its agreement with diffusers is check_pipeline_parity.py's.
#include "core/context.h"
#include "diffusion/model.h"
#include "diffusion/pipeline.h"
#include "diffusion/prompt_embedding.h"
#include "support/context.h"
#include "support/error_of.h"

#include <ATen/TensorOperators.h>
#include <ATen/ops/abs.h>
#include <ATen/ops/allclose.h>
#include <ATen/ops/full.h>
#include <ATen/ops/ones.h>
#include <ATen/ops/rand.h>
#include <ATen/ops/zeros.h>
#include <ATen/CPUGeneratorImpl.h>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <filesystem>
#include <limits>
#include <string>

namespace lk::diffusion {
namespace {

using ::testing::HasSubstr;

const std::string kFolder = std::string(LIKENESS_TINY_PIPELINES) + "/txt2img";
const std::string kInpaintFolder = std::string(LIKENESS_TINY_PIPELINES) + "/inpaint";

class Pipeline : public ::testing::Test {
protected:
    static void SetUpTestSuite() {
        if (std::filesystem::exists(kFolder + "/model_index.json")) model_ = new StableDiffusion(load_model(kFolder, {}));
    }
    static void TearDownTestSuite() {
        delete model_;
        model_ = nullptr;
    }
    void SetUp() override {
        if (!model_) GTEST_SKIP() << "no tiny pipelines in " << LIKENESS_TINY_PIPELINES << ": run diffusion.make_tiny_pipelines";
    }

    static GenerateRequest request() {
        GenerateRequest r;
        r.prompt = "a red car on a bridge";
        r.negative_prompt = "fog";
        r.sampler.kind = SamplerKind::euler_ancestral;  // stochastic: each step draws noise too
        r.sampler.steps = 3;
        r.seed = 11;
        return r;
    }

    static inline StableDiffusion* model_ = nullptr;
};

TEST_F(Pipeline, ImageOfABatchIsTheImageMadeAloneWithItsSeed) {
    GenerateRequest pair = request();
    pair.batch = 2;
    const at::Tensor both = generate(*model_, pair);
    ASSERT_EQ(both.sizes(), (at::IntArrayRef{2, 3, 64, 64}));
    GenerateRequest second = request();
    second.seed = pair.seed + 1;
    const at::Tensor alone = generate(*model_, second);
    // Equal but for the float rounding of batched convolutions.
    EXPECT_TRUE(at::allclose(both[1], alone[0], 0, 1e-5)) << (both[1] - alone[0]).abs().max().item<float>();
    EXPECT_GT((both[0] - both[1]).abs().max().item<float>(), 1e-3) << "seeds 11 and 12 gave the same image";
}

TEST_F(Pipeline, TheSameRequestGivesTheSameImagesInZeroToOne) {
    const at::Tensor first = generate(*model_, request()), again = generate(*model_, request());
    EXPECT_TRUE(first.equal(again));
    EXPECT_GE(first.min().item<float>(), 0.0f);
    EXPECT_LE(first.max().item<float>(), 1.0f);
    EXPECT_EQ(first.scalar_type(), at::kFloat);
}

TEST_F(Pipeline, RunsInTheModelsDtype) {
    LoadOptions options;
    options.placement.dtype = at::kBFloat16;
    StableDiffusion bfloat16 = load_model(kFolder, options);
    GenerateRequest r = request();
    r.init_image = at::rand({3, 64, 64}, at::detail::createCPUGenerator(3));  // the encoder too
    r.strength = 0.7;
    const at::Tensor low = generate(bfloat16, r), full = generate(*model_, r);
    ASSERT_EQ(low.scalar_type(), at::kFloat);
    // The same image within bfloat16's rounding through the models (0.006 on average here); noise
    // drawn in bfloat16 itself would make another image (0.14).
    const float difference = (low - full).abs().mean().item<float>();
    EXPECT_LT(difference, 0.02f);
    EXPECT_GT(difference, 0.0f) << "the bfloat16 model ran in float32";
}

TEST_F(Pipeline, RefusesFieldsOutOfRangeNamingThem) {
    const auto refusal = [](auto change) {
        GenerateRequest r = request();
        change(r);
        return test::error_of(LK_ERR_INVALID_ARGUMENT, [&] { generate(*model_, r); });
    };
    EXPECT_THAT(refusal([](GenerateRequest& r) { r.width = 72; }), HasSubstr("width 72 is out of range; expected a multiple of 32"));
    EXPECT_THAT(refusal([](GenerateRequest& r) { r.height = 8192; }), HasSubstr("height 8192 is out of range"));
    EXPECT_THAT(refusal([](GenerateRequest& r) { r.height = -64; }), HasSubstr("height -64"));
    EXPECT_THAT(refusal([](GenerateRequest& r) { r.batch = 0; }), HasSubstr("batch 0 is out of range; expected 1 to 64"));
    EXPECT_THAT(refusal([](GenerateRequest& r) { r.batch = 65; }), HasSubstr("batch 65"));
    EXPECT_THAT(refusal([](GenerateRequest& r) { r.sampler.steps = 0; }), HasSubstr("steps 0 is out of range"));
    EXPECT_THAT(refusal([](GenerateRequest& r) { r.sampler.steps = 1001; }), HasSubstr("steps 1001"));
    EXPECT_THAT(refusal([](GenerateRequest& r) { r.guidance_scale = std::numeric_limits<double>::quiet_NaN(); }),
                HasSubstr("guidance_scale nan is not a number"));
    EXPECT_THAT(refusal([](GenerateRequest& r) { r.clip_skip = 3; }), HasSubstr("clip_skip 3 is out of range; expected 1"));
    EXPECT_THAT(refusal([](GenerateRequest& r) { r.mask = at::ones({1, 64, 64}); }), HasSubstr("mask is given without init_image"));
    EXPECT_THAT(refusal([](GenerateRequest& r) { r.init_image = at::full({3, 64, 32}, 0.5); }),
                HasSubstr("init_image has shape [3, 64, 32]; expected (3, 64, 64)"));
    EXPECT_THAT(refusal([](GenerateRequest& r) { r.init_image = at::full({3, 64, 64}, 1.5); }),
                HasSubstr("init_image has values outside [0, 1]"));
    EXPECT_THAT(refusal([](GenerateRequest& r) {
                    r.init_image = at::full({3, 64, 64}, 0.5);
                    r.strength = 1.5;
                }),
                HasSubstr("strength 1.5 is out of range; expected 0 to 1"));
    EXPECT_THAT(refusal([](GenerateRequest& r) {
                    r.init_image = at::full({3, 64, 64}, 0.5);
                    r.strength = 0.2;  // 3 steps * 0.2 rounds down to none
                }),
                HasSubstr("strength 0.2 with 3 steps runs no step"));
    EXPECT_THAT(refusal([](GenerateRequest& r) {
                    r.init_image = at::full({3, 64, 64}, 0.5);
                    r.mask = at::ones({1, 32, 64});
                }),
                HasSubstr("mask has shape [1, 32, 64]; expected (1, 64, 64)"));
}

TEST_F(Pipeline, InpaintingModelsNeedAnImageAndAMask) {
    StableDiffusion model = load_model(kInpaintFolder, {});
    EXPECT_THAT(test::error_of(LK_ERR_INVALID_ARGUMENT, [&] { generate(model, request()); }),
                HasSubstr("inpainting model (9 input channels); expected init_image and mask"));
    GenerateRequest r = request();
    r.init_image = at::full({3, 64, 64}, 0.5);
    r.mask = at::zeros({1, 64, 64});
    r.strength = 1.0;
    EXPECT_EQ(generate(model, r).sizes(), (at::IntArrayRef{1, 3, 64, 64}));
}

TEST_F(Pipeline, PlainInpaintingKeepsWhatTheMaskKeeps) {
    GenerateRequest r = request();
    r.init_image = at::rand({3, 64, 64}, at::detail::createCPUGenerator(3));
    r.mask = at::full({1, 64, 64}, 0.4);  // below 0.5: kept
    r.strength = 1.0;
    const at::Tensor kept = generate(*model_, r);
    // Everything kept: the image is the original's latents decoded, whatever the prompt says.
    r.prompt = "a blue boat";
    EXPECT_TRUE(kept.equal(generate(*model_, r)));
    r.mask = at::full({1, 64, 64}, 0.5);  // repainted
    EXPECT_FALSE(kept.equal(generate(*model_, r)));
}

TEST_F(Pipeline, ProgressCountsTheStepsRunAndCancels) {
    GenerateRequest r = request();
    r.sampler.steps = 4;
    r.init_image = at::full({3, 64, 64}, 0.5);
    r.strength = 0.5;  // image-to-image runs the last 2 of the 4 steps
    std::vector<std::pair<int64_t, int64_t>> seen;
    r.progress = [&](int64_t step, int64_t steps) {
        seen.emplace_back(step, steps);
        return true;
    };
    generate(*model_, r);
    EXPECT_EQ(seen, (std::vector<std::pair<int64_t, int64_t>>{{1, 2}, {2, 2}}));
    seen.clear();
    r.progress = [&](int64_t step, int64_t steps) {
        seen.emplace_back(step, steps);
        return false;
    };
    EXPECT_THAT(test::error_of(LK_ERR_CANCELLED, [&] { generate(*model_, r); }),
                HasSubstr("cancelled by the progress callback after step 1 of 2"));
    EXPECT_EQ(seen.size(), 1u);
}

TEST_F(Pipeline, TheContextsInterruptCancels) {
    Context context(test::cpu_context_params());
    context.interrupt();
    GenerateRequest r = request();
    r.context = &context;
    EXPECT_THAT(test::error_of(LK_ERR_CANCELLED, [&] { generate(*model_, r); }), HasSubstr("lk_context_interrupt"));
    context.resume();
    EXPECT_EQ(generate(*model_, r).size(0), 1);
}

TEST_F(Pipeline, LongPromptsTakeWindowsAndTheOtherPromptIsPaddedWithEmptyOnes) {
    std::string long_prompt;
    for (int i = 0; i < 100; ++i) long_prompt += "cat ";  // 100 tokens: two windows
    const PromptEmbeddings two = embed_prompts(model_->tokenizer, model_->text_encoder, long_prompt, "", true, 1);
    const int64_t hidden = model_->text_encoder.config().hidden_size;
    ASSERT_EQ(two.positive.sizes(), (at::IntArrayRef{1, 154, hidden}));
    ASSERT_EQ(two.negative.sizes(), (at::IntArrayRef{1, 154, hidden}));
    const PromptEmbeddings empty = embed_prompts(model_->tokenizer, model_->text_encoder, "", "", false, 1);
    EXPECT_TRUE(two.negative.slice(1, 0, 77).equal(empty.positive));
    EXPECT_TRUE(two.negative.slice(1, 77, 154).equal(empty.positive));
    // The first window is the first 75 tokens on their own, as diffusers embeds a prompt it truncates.
    std::string first;
    for (int i = 0; i < 75; ++i) first += "cat ";
    const PromptEmbeddings truncated = embed_prompts(model_->tokenizer, model_->text_encoder, first, "", false, 1);
    EXPECT_TRUE(two.positive.slice(1, 0, 77).equal(truncated.positive));
    EXPECT_FALSE(embed_prompts(model_->tokenizer, model_->text_encoder, "cat", "", false, 1).negative.defined());
}

TEST_F(Pipeline, EmphasisWeighsItsTokensAndKeepsTheWindowsMean) {
    const auto embed = [&](const char* prompt) {
        return embed_prompts(model_->tokenizer, model_->text_encoder, prompt, "", false, 1).positive;
    };
    const at::Tensor plain = embed("a cat on a mat"), weighted = embed("a (cat:1.5) on a mat");
    EXPECT_TRUE(embed("a (cat:1) on a mat").equal(plain)) << "a weight of 1 must leave diffusers' embedding";
    EXPECT_NEAR(weighted.mean().item<float>(), plain.mean().item<float>(), 1e-6);
    // Token 2 is "cat" (after BOS and "a"): 1.5 times as strong relative to the others.
    const at::Tensor ratio = weighted / plain;
    EXPECT_TRUE(at::allclose(ratio[0][2], ratio[0][1] * 1.5, 1e-4, 1e-5));
    EXPECT_TRUE(at::allclose(ratio[0][3], ratio[0][1], 1e-4, 1e-5));
}

}  // namespace
}  // namespace lk::diffusion
