// StyleGAN2 training end to end on a tiny folder of images and tiny networks: what it writes,
// that its snapshots are generator files, that it resumes only into the same networks, and that
// bad data or options fail with a sentence.
#include "gan/generator.h"
#include "gan/training/trainer.h"

#include "io/image_file.h"
#include "io/safetensors.h"
#include "support/context.h"
#include "support/error_of.h"
#include "support/temp_directory.h"

#include <ATen/ops/randn.h>
#include <ATen/ops/zeros.h>
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

namespace lk::gan {
namespace {

using lk::test::error_of;
using lk::test::TempDirectory;
namespace fs = std::filesystem;

// Sixteen 8x8 images: bright squares at different places on black.
std::string make_folder(const TempDirectory& dir) {
    const std::string folder = dir.path() + "/images";
    fs::create_directories(folder);
    for (int i = 0; i < 16; ++i) {
        std::vector<uint8_t> pixels(8 * 8 * 3, 0);
        for (int y = i % 4; y < i % 4 + 4; ++y)
            for (int x = i / 4; x < i / 4 + 4; ++x)
                for (int c = 0; c < 3; ++c) pixels[(y * 8 + x) * 3 + c] = uint8_t(60 * (c + 1));
        const lk_image_view view{8, 8, 3, 24, pixels.data()};
        io::save_image(view, folder + "/" + std::to_string(i) + ".png", LK_IMAGE_FORMAT_PNG, 90);
    }
    return folder;
}

TrainingOptions tiny(const std::string& data, const std::string& out) {
    TrainingOptions o;
    o.data = data;
    o.out_dir = out;
    o.resolution = 8;
    o.z_dim = o.w_dim = 8;
    o.mapping_layers = 1;
    o.channel_base = 64;
    o.channel_max = 16;
    o.batch = 4;
    o.kimg = 0.016;  // 4 minibatches
    o.tick_kimg = 0.008;
    o.snapshot_ticks = 1;
    // Every phase runs: path length and R1 on alternate minibatches, augmentation always.
    o.pl_weight = 1;
    o.pl_interval = 2;
    o.r1_interval = 2;
    o.augment = "fixed";
    o.augment_p = 0.5;
    return o;
}

std::vector<nlohmann::json> log_lines(const std::string& out) {
    std::vector<nlohmann::json> lines;
    std::ifstream in(out + "/log.jsonl");
    for (std::string line; std::getline(in, line);) lines.push_back(nlohmann::json::parse(line));
    return lines;
}

TEST(Training, WritesLogSamplesStateAndSnapshotsThatLoadAsGenerators) {
    TempDirectory dir;
    const std::string out = dir.path() + "/run";
    std::vector<TrainingProgress> ticks;
    const TrainingResult result = train(tiny(make_folder(dir), out), c10::kCPU,
                                        [&](const TrainingProgress& p) {
                                            ticks.push_back(p);
                                            return true;
                                        });
    EXPECT_FALSE(result.stopped);
    EXPECT_DOUBLE_EQ(result.kimg, 0.016);
    ASSERT_EQ(ticks.size(), 2u);
    for (const TrainingProgress& p : ticks) {
        EXPECT_TRUE(std::isfinite(p.loss_g) && p.loss_g > 0) << p.loss_g;
        EXPECT_TRUE(std::isfinite(p.loss_d) && p.loss_d > 0) << p.loss_d;
        EXPECT_TRUE(std::isfinite(p.loss_r1) && p.loss_r1 > 0) << p.loss_r1;
        EXPECT_TRUE(std::isfinite(p.loss_pl)) << p.loss_pl;
        EXPECT_FALSE(p.snapshot.empty());
    }
    EXPECT_EQ(log_lines(out).size(), 2u);
    for (const char* file : {"reals.png", "samples-000000.png", "training-state.safetensors",
                             "network-snapshot-000000.safetensors"})
        EXPECT_TRUE(fs::exists(out + "/" + file)) << file;

    const Generator g = Generator::load(result.snapshot);
    EXPECT_EQ(g.config().img_resolution, 8);
    const at::Tensor images = g.generate(at::randn({2, 8}), at::Tensor());
    EXPECT_EQ(images.sizes(), at::IntArrayRef({2, 3, 8, 8}));
    EXPECT_TRUE(images.isfinite().all().item<bool>());
}

TEST(Training, ResumesFromItsStateAndOnlyIntoTheSameNetworks) {
    TempDirectory dir;
    const std::string data = make_folder(dir), out = dir.path() + "/run";
    train(tiny(data, out), c10::kCPU);

    TrainingOptions more = tiny(data, out);
    more.resume = out + "/training-state.safetensors";
    more.kimg = 0.024;
    const TrainingResult resumed = train(more, c10::kCPU);
    // Counting goes on from the saved images: two more minibatches, one more tick.
    EXPECT_DOUBLE_EQ(resumed.kimg, 0.024);
    EXPECT_EQ(log_lines(out).size(), 3u);

    TrainingOptions other = more;
    other.channel_max = 8;
    const std::string error = error_of(LK_ERR_FORMAT, [&] { train(other, c10::kCPU); });
    EXPECT_NE(error.find("channel_max (16 there, 8 here)"), std::string::npos) << error;
    // The failed resume left the state as it was: resuming it with its own settings works.
    more.kimg = 0.032;
    EXPECT_DOUBLE_EQ(train(more, c10::kCPU).kimg, 0.032);
}

// A snapshot that cannot be written (here a folder sits where the file would go) fails the run
// with LK_ERR_IO and leaves the last good state as it was: resuming from it still works.
TEST(Training, AFailedWriteKeepsTheLastGoodState) {
    TempDirectory dir;
    const std::string data = make_folder(dir), out = dir.path() + "/run";
    train(tiny(data, out), c10::kCPU);
    const std::string state = out + "/training-state.safetensors";
    const auto saved_nimg = [&] {
        const io::SafetensorsFile file = io::SafetensorsFile::open(state);
        return nlohmann::json::parse(file.metadata().at("likeness.progress")).at("nimg").get<int64_t>();
    };
    ASSERT_EQ(saved_nimg(), 16);
    fs::remove(out + "/network-snapshot-000000.safetensors");
    fs::create_directories(out + "/network-snapshot-000000.safetensors/blocked");

    TrainingOptions more = tiny(data, out);
    more.resume = state;
    more.kimg = 0.024;
    error_of(LK_ERR_IO, [&] { train(more, c10::kCPU); });
    EXPECT_EQ(saved_nimg(), 16);

    fs::remove_all(out + "/network-snapshot-000000.safetensors");
    EXPECT_DOUBLE_EQ(train(more, c10::kCPU).kimg, 0.024);
}

TEST(Training, CallbackStopsWithASnapshot) {
    TempDirectory dir;
    const std::string out = dir.path() + "/run";
    TrainingOptions o = tiny(make_folder(dir), out);
    o.snapshot_ticks = 100;
    const TrainingResult result = train(o, c10::kCPU, [](const TrainingProgress&) { return false; });
    EXPECT_TRUE(result.stopped);
    EXPECT_DOUBLE_EQ(result.kimg, 0.008);
    EXPECT_TRUE(fs::exists(result.snapshot)) << result.snapshot;
}

// An interrupted context stops training after the minibatch under way, with a snapshot and
// the state written, and LK_ERR_CANCELLED saying where they are.
TEST(Training, InterruptStopsWithinAMinibatchAndSavesTheState) {
    TempDirectory dir;
    const std::string out = dir.path() + "/run";
    Context context(test::cpu_context_params());
    context.interrupt();
    const std::string message = error_of(LK_ERR_CANCELLED, [&] {
        train(tiny(make_folder(dir), out), c10::kCPU, {}, &context);
    });
    EXPECT_NE(message.find("interrupted at 0.004 kimg"), std::string::npos) << message;
    EXPECT_TRUE(fs::exists(out + "/training-state.safetensors"));
    EXPECT_TRUE(fs::exists(out + "/network-snapshot-000000.safetensors"));
}

TEST(Training, RejectsAFolderWithoutImagesAndBadOptions) {
    TempDirectory dir;
    fs::create_directories(dir.path() + "/empty");
    std::ofstream(dir.path() + "/empty/notes.txt") << "not an image";
    const std::string empty = error_of(LK_ERR_INVALID_ARGUMENT, [&] {
        train(tiny(dir.path() + "/empty", dir.path() + "/run"), c10::kCPU);
    });
    EXPECT_NE(empty.find("empty"), std::string::npos) << empty;

    const std::string data = make_folder(dir);
    const auto with = [&](lk_status status, auto change) {
        TrainingOptions o = tiny(data, dir.path() + "/run");
        change(o);
        return error_of(status, [&] { train(o, c10::kCPU); });
    };
    const std::string resolution =
        with(LK_ERR_INVALID_ARGUMENT, [](TrainingOptions& o) { o.resolution = 12; });
    EXPECT_NE(resolution.find("power of two"), std::string::npos) << resolution;
    const std::string batch = with(LK_ERR_INVALID_ARGUMENT, [](TrainingOptions& o) { o.batch = 6; });
    EXPECT_NE(batch.find("multiple of the minibatch-stddev group 4"), std::string::npos) << batch;
    const std::string lr = with(LK_ERR_INVALID_ARGUMENT, [](TrainingOptions& o) { o.lr = std::nan(""); });
    EXPECT_NE(lr.find("learning rate"), std::string::npos) << lr;
    const std::string conditional =
        with(LK_ERR_INVALID_ARGUMENT, [](TrainingOptions& o) { o.conditional = true; });
    EXPECT_NE(conditional.find("labels"), std::string::npos) << conditional;
    const std::string resume =
        with(LK_ERR_FORMAT, [&](TrainingOptions& o) { o.resume = data + "/0.png"; });
    EXPECT_NE(resume.find("0.png"), std::string::npos) << resume;
}

}  // namespace
}  // namespace lk::gan
