// Text-to-image training end to end on tiny networks and a tiny labelled idx data set: both
// stages lower their loss, a stopped run resumes to the same weights bit for bit as one that
// never stopped, only into the same networks, an interrupt leaves a resumable state, and bad
// options are refused by name.
#include "diffusion/trainer.h"

#include "diffusion/fashion_captions.h"
#include "diffusion/model.h"
#include "io/safetensors.h"
#include "support/error_of.h"
#include "support/square_idx.h"
#include "support/temp_directory.h"
#include "tiny_clip_vocab.h"

#include <ATen/CPUGeneratorImpl.h>
#include <ATen/Parallel.h>
#include <ATen/ops/equal.h>
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

namespace lk::diffusion {
namespace {

using lk::test::error_of;
using lk::test::TempDirectory;
namespace fs = std::filesystem;

std::string make_tokenizer(const TempDirectory& dir) {
    const std::string folder = dir.path() + "/tokenizer";
    fs::create_directories(folder);
    lk::test::write_bytes(folder + "/vocab.json", lk::test::tiny_clip_vocab_json());
    lk::test::write_bytes(folder + "/merges.txt", lk::test::tiny_clip_merges());
    return folder;
}

TrainingOptions tiny(const TempDirectory& dir, const std::string& out) {
    // Tensors this small gain nothing from threads; on a busy machine waiting for them costs
    // ten times the work.
    at::set_num_threads(1);
    TrainingOptions o;
    o.data = lk::test::write_square_idx(dir.path());
    o.out_dir = out;
    o.resolution = 8;
    o.tokenizer_dir = make_tokenizer(dir);
    o.class_captions = {{"a cat", "cat"}, {"a dog", "the dog", "dog"}};
    o.empty_captions = 0.25;
    o.text_encoder.vocab_size = 516;
    o.text_encoder.hidden_size = 16;
    o.text_encoder.intermediate_size = 32;
    o.text_encoder.num_hidden_layers = 1;
    o.text_encoder.num_attention_heads = 2;
    o.vae.block_out_channels = {16, 16};
    o.vae.layers_per_block = 1;
    o.vae.norm_num_groups = 8;
    o.vae.sample_size = 8;
    o.unet.sample_size = 4;
    o.unet.block_out_channels = {16, 32};
    o.unet.cross_attention = {false, true};
    o.unet.layers_per_block = 1;
    o.unet.cross_attention_dim = 16;
    o.unet.attention_heads = {2};
    o.unet.norm_num_groups = 8;
    o.vae_steps = 4;
    o.vae_batch = 8;
    o.steps = 4;
    o.batch = 8;
    o.warmup_steps = 2;
    o.log_every = 2;
    o.checkpoint_every = 2;
    return o;
}

// The tensors of a state file whose names start with `prefix`.
std::map<std::string, at::Tensor> saved(const std::string& state, const std::string& prefix) {
    const io::SafetensorsFile file = io::SafetensorsFile::open(state);
    std::map<std::string, at::Tensor> tensors;
    for (const std::string& name : file.names())
        if (name.rfind(prefix, 0) == 0) tensors[name] = file.tensor(name);
    return tensors;
}

TEST(DiffusionTraining, BothStagesLowerTheirLoss) {
    TempDirectory dir;
    TrainingOptions o = tiny(dir, dir.path() + "/run");
    o.vae_steps = o.steps = 40;
    o.log_every = 10;
    o.checkpoint_every = 40;
    o.vae_lr = o.lr = 3e-3;
    std::vector<TrainingProgress> reports;
    const TrainingResult result = train(o, c10::kCPU, [&](const TrainingProgress& p) {
        reports.push_back(p);
        return true;
    });
    EXPECT_FALSE(result.stopped);
    EXPECT_EQ(result.stage, TrainingStage::unet);
    EXPECT_EQ(result.step, 40);
    ASSERT_EQ(reports.size(), 8u);
    for (const TrainingProgress& p : reports) EXPECT_TRUE(std::isfinite(p.loss)) << p.loss;
    // Each stage's last ten steps against its first ten.
    EXPECT_EQ(reports[0].stage, TrainingStage::autoencoder);
    EXPECT_LT(reports[3].loss, reports[0].loss * 0.7);
    EXPECT_EQ(reports[4].stage, TrainingStage::unet);
    EXPECT_LT(reports[7].loss, reports[4].loss);
    EXPECT_FALSE(reports[3].checkpoint.empty());
    EXPECT_FALSE(reports[7].checkpoint.empty());
}

// A run stopped by its callback, once in each stage, and resumed, ends with the same weights,
// average, moments and random state, bit for bit, as the run that never stopped.
TEST(DiffusionTraining, AStoppedRunResumesBitExactly) {
    TempDirectory dir;
    const TrainingOptions whole = tiny(dir, dir.path() + "/whole");
    train(whole, c10::kCPU);

    TrainingOptions part = tiny(dir, dir.path() + "/part");
    const auto stop_at = [](TrainingStage stage, int64_t step) {
        return [=](const TrainingProgress& p) { return !(p.stage == stage && p.step == step); };
    };
    const TrainingResult first = train(part, c10::kCPU, stop_at(TrainingStage::autoencoder, 2));
    EXPECT_TRUE(first.stopped);
    EXPECT_EQ(first.stage, TrainingStage::autoencoder);
    EXPECT_EQ(first.step, 2);
    part.resume = first.state;
    const TrainingResult second = train(part, c10::kCPU, stop_at(TrainingStage::unet, 2));
    EXPECT_TRUE(second.stopped);
    EXPECT_EQ(second.stage, TrainingStage::unet);
    const TrainingResult last = train(part, c10::kCPU);
    EXPECT_FALSE(last.stopped);
    EXPECT_EQ(last.step, 4);

    const auto expected = saved(whole.out_dir + "/training-state.safetensors", "");
    const auto actual = saved(last.state, "");
    ASSERT_EQ(expected.size(), actual.size());
    for (const auto& [name, t] : expected) {
        ASSERT_TRUE(actual.count(name)) << name;
        EXPECT_TRUE(at::equal(t, actual.at(name))) << name;
    }
    const auto progress = [](const std::string& state) {
        return io::SafetensorsFile::open(state).metadata().at("likeness.progress");
    };
    EXPECT_EQ(progress(last.state), progress(whole.out_dir + "/training-state.safetensors"));
}

TEST(DiffusionTraining, ResumesOnlyIntoTheSameNetworksAndLeavesTheStateWhole) {
    TempDirectory dir;
    const std::string out = dir.path() + "/run";
    const TrainingResult done = train(tiny(dir, out), c10::kCPU);
    // Nothing but the model, the state and the log: no temporary files left behind.
    std::vector<std::string> names;
    for (const auto& entry : fs::directory_iterator(out)) names.push_back(entry.path().filename());
    std::sort(names.begin(), names.end());
    EXPECT_EQ(names, (std::vector<std::string>{"log.jsonl", "model", "training-state.safetensors"}));

    TrainingOptions other = tiny(dir, out);
    other.resume = done.state;
    other.unet.block_out_channels = {16, 16};
    const std::string error = error_of(LK_ERR_FORMAT, [&] { train(other, c10::kCPU); });
    EXPECT_NE(error.find("unet.block_out_channels"), std::string::npos) << error;

    TrainingOptions not_a_state = tiny(dir, out);
    not_a_state.resume = not_a_state.data;
    error_of(LK_ERR_FORMAT, [&] { train(not_a_state, c10::kCPU); });

    // The refused resumes changed nothing: the state still resumes, to more steps.
    TrainingOptions more = tiny(dir, out);
    more.resume = done.state;
    more.steps = 6;
    EXPECT_EQ(train(more, c10::kCPU).step, 6);
}

// The model folder is what users load: the UNet's average, the autoencoder with the scaling
// factor measured on the data, stored in float16 when asked and loaded back as float32.
TEST(DiffusionTraining, WritesAModelFolderThatLoadsWithTheAverageUNet) {
    TempDirectory dir;
    TrainingOptions o = tiny(dir, dir.path() + "/run");
    const TrainingResult result = train(o, c10::kCPU);
    const StableDiffusion model = load_model(result.model, {});
    EXPECT_EQ(model.unet.config().block_out_channels, o.unet.block_out_channels);
    EXPECT_NE(model.vae.config().scaling_factor, o.vae.scaling_factor);
    const auto average = saved(result.state, "unet_ema.");
    ASSERT_EQ(average.size(), model.unet.weights().size());
    for (const auto& [name, t] : model.unet.weights())
        EXPECT_TRUE(at::equal(t, average.at("unet_ema." + name))) << name;

    o.save_float16 = true;
    o.out_dir = dir.path() + "/half";
    const StableDiffusion half = load_model(train(o, c10::kCPU).model, {});
    const io::SafetensorsFile file =
        io::SafetensorsFile::open(o.out_dir + "/model/unet/diffusion_pytorch_model.safetensors");
    EXPECT_EQ(file.tensor(file.names().front()).scalar_type(), at::kHalf);
    for (const auto& [name, t] : half.unet.weights()) {
        EXPECT_EQ(t.scalar_type(), at::kFloat) << name;
        EXPECT_TRUE(at::equal(t, average.at("unet_ema." + name).to(at::kHalf).to(at::kFloat))) << name;
    }
}

// Asked to, the second stage trains the text encoder with the UNet; the model holds the
// average of both. Left frozen, the model's text encoder is its seeded start.
TEST(DiffusionTraining, TrainsTheTextEncoderOnlyWhenAsked) {
    TempDirectory dir;
    TrainingOptions o = tiny(dir, dir.path() + "/frozen");
    const StableDiffusion frozen = load_model(train(o, c10::kCPU).model, {});
    o.out_dir = dir.path() + "/trained";
    o.train_text_encoder = true;
    const TrainingResult result = train(o, c10::kCPU);
    const StableDiffusion trained = load_model(result.model, {});
    const auto average = saved(result.state, "unet_ema.text_encoder.");
    ASSERT_EQ(average.size(), trained.text_encoder.weights().size());
    int changed = 0;
    for (const auto& [name, t] : trained.text_encoder.weights()) {
        EXPECT_TRUE(at::equal(t, average.at("unet_ema.text_encoder." + name))) << name;
        changed += !at::equal(t, frozen.text_encoder.weights().at(name));
    }
    EXPECT_EQ(changed, int(average.size()));
    const TextEncoder seeded = TextEncoder::initialized(o.text_encoder, at::make_generator<at::CPUGeneratorImpl>(o.seed + 1),
                                                        Placement{});
    for (const auto& [name, t] : frozen.text_encoder.weights())
        EXPECT_TRUE(at::equal(t, seeded.weights().at(name))) << name;
}

TEST(DiffusionTraining, InterruptStopsWithinAStepAndSavesAResumableState) {
    TempDirectory dir;
    const std::string out = dir.path() + "/run";
    lk_context_params params{};
    params.struct_size = sizeof params;
    params.device = "cpu";
    params.log_level = LK_LOG_NONE;
    Context context(params);
    context.interrupt();
    const std::string message = error_of(LK_ERR_CANCELLED, [&] {
        train(tiny(dir, out), c10::kCPU, {}, &context);
    });
    EXPECT_NE(message.find("interrupted at autoencoder step 1"), std::string::npos) << message;
    TrainingOptions resumed = tiny(dir, out);
    resumed.resume = out + "/training-state.safetensors";
    EXPECT_EQ(train(resumed, c10::kCPU).step, 4);
}

TEST(DiffusionTraining, RefusesBadOptionsAndDataByName) {
    TempDirectory dir;
    const auto with = [&](auto change) {
        TrainingOptions o = tiny(dir, dir.path() + "/run");
        change(o);
        return error_of(LK_ERR_INVALID_ARGUMENT, [&] { train(o, c10::kCPU); });
    };
    const auto names = [](const std::string& message, const char* what) {
        EXPECT_NE(message.find(what), std::string::npos) << message;
    };
    names(with([](TrainingOptions& o) { o.lr = NAN; }), "lr");
    names(with([](TrainingOptions& o) { o.steps = 0; }), "steps");
    names(with([](TrainingOptions& o) { o.empty_captions = 1.5; }), "empty_captions");
    names(with([](TrainingOptions& o) { o.resolution = 12; }), "power of two");
    names(with([](TrainingOptions& o) { o.unet.cross_attention_dim = 32; }), "cross_attention_dim");
    names(with([](TrainingOptions& o) { o.class_captions = {{"a cat"}}; }), "captions were given for 1");
    names(with([](TrainingOptions& o) { o.class_captions[1].clear(); }), "class 1 has no captions");
}

TEST(FashionCaptions, NameEveryClassInSeveralWaysCanonicalFirst) {
    const auto& classes = fashion_mnist_classes();
    ASSERT_EQ(classes.size(), 10u);
    EXPECT_EQ(classes[0], "t-shirt");
    EXPECT_EQ(classes[9], "ankle boot");
    const auto captions = fashion_mnist_captions();
    ASSERT_EQ(captions.size(), 10u);
    EXPECT_EQ(captions[7][0], "a photo of a sneaker");
    EXPECT_EQ(captions[9][0], "a photo of an ankle boot");
    for (size_t label = 0; label < captions.size(); ++label) {
        EXPECT_GE(captions[label].size(), 5u) << label;
        for (const std::string& caption : captions[label]) {
            EXPECT_FALSE(caption.empty());
            // No caption of one class names another's canonical noun as a word of its own.
            for (size_t other = 0; other < classes.size(); ++other)
                if (other != label && classes[other] != "shirt")
                    EXPECT_EQ(caption.find(classes[other]), std::string::npos)
                        << caption << " names " << classes[other];
        }
    }
}

}  // namespace
}  // namespace lk::diffusion
