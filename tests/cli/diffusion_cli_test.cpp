// `likeness diffusion info` and `likeness diffusion generate` on the tiny pipelines diffusers
// makes (tests/diffusion/make_tiny_pipelines.py).
#include "cli_run.h"
#include "core/image.h"
#include "io/image_file.h"
#include "support/temp_directory.h"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <vector>

namespace lk {
namespace {

using nlohmann::json;
using test::CliRun;
using test::run_cli;

std::string pipeline(const std::string& name) {
    return std::string(LIKENESS_TINY_PIPELINES) + "/" + name;
}

class DiffusionCli : public testing::Test {
protected:
    void SetUp() override {
        if (!std::filesystem::exists(pipeline("txt2img/model_index.json")))
            GTEST_SKIP() << "no tiny pipelines in " << LIKENESS_TINY_PIPELINES
                         << " (made by diffusion.make_tiny_pipelines, which needs diffusers)";
    }
    std::string path(const std::string& name) const { return dir_.file(name); }
    // `generate` on the txt2img model with two steps, then `rest`.
    std::string generate(const std::string& rest) const {
        return "diffusion generate --model " + pipeline("txt2img") + " --steps 2 " + rest;
    }

    test::TempDirectory dir_;
};

bool same_pixels(const Image& a, const Image& b) {
    return a.width() == b.width() && a.height() == b.height() && a.channels() == b.channels() &&
           std::memcmp(a.data(), b.data(), size_t(a.width()) * a.height() * a.channels()) == 0;
}

// Equal but for float rounding: an image made in a batch runs its float32 operations in another
// order than made alone (kernels block by batch size), which moves a few pixels by one level.
bool close_pixels(const Image& a, const Image& b) {
    if (a.width() != b.width() || a.height() != b.height() || a.channels() != b.channels())
        return false;
    const size_t n = size_t(a.width()) * a.height() * a.channels();
    size_t differ = 0;
    for (size_t i = 0; i < n; ++i) {
        if (std::abs(int(a.data()[i]) - int(b.data()[i])) > 1) return false;
        differ += a.data()[i] != b.data()[i];
    }
    return differ * 100 <= n;
}

TEST_F(DiffusionCli, InfoJsonDescribesTheModel) {
    const CliRun r = run_cli("diffusion info --model " + pipeline("inpaint") + " --json");
    ASSERT_EQ(r.exit_code, 0) << r.out;
    const json info = json::parse(r.out);
    EXPECT_EQ(info["width"], 64);
    EXPECT_EQ(info["in_channels"], 9);
    EXPECT_EQ(info["inpainting"], true);
    EXPECT_EQ(info["prediction"], "epsilon");
}

TEST_F(DiffusionCli, WritesOneFileNamedBySeedAndListsItsParameters) {
    const CliRun r = run_cli(generate("--prompt 'a (red:1.2) door' --seed 7 --sampler euler "
                                      "--karras --width 96 --out " + path("out") + " --json"));
    ASSERT_EQ(r.exit_code, 0) << r.out;
    const json result = json::parse(r.out);
    ASSERT_EQ(result["files"].size(), 1u);
    EXPECT_EQ(result["files"][0]["path"], path("out") + "/7.png");
    EXPECT_EQ(result["parameters"]["sampler"], "euler");
    EXPECT_EQ(result["parameters"]["karras"], true);
    EXPECT_EQ(result["parameters"]["prompt"], "a (red:1.2) door");
    const Image image = io::load_image(path("out/7.png"), 0);
    EXPECT_EQ(image.width(), 96u);
    EXPECT_EQ(image.height(), 64u);
    EXPECT_EQ(image.channels(), 3u);

    // The file is the image of its seed: generating it again gives the same pixels.
    ASSERT_EQ(run_cli(generate("--prompt 'a (red:1.2) door' --seed 7 --sampler euler --karras "
                               "--width 96 --out " + path("again"))).exit_code, 0);
    EXPECT_TRUE(same_pixels(image, io::load_image(path("again/7.png"), 0)));
}

TEST_F(DiffusionCli, ABatchWritesOneFilePerSeedThatRegeneratesIt) {
    const CliRun r = run_cli(generate("--prompt '' --seed 3 --batch 2 --out " + path("batch") +
                                      " --json"));
    ASSERT_EQ(r.exit_code, 0) << r.out;
    EXPECT_EQ(json::parse(r.out)["files"][1]["seed"], 4);
    const Image first = io::load_image(path("batch/3.png"), 0);
    const Image second = io::load_image(path("batch/4.png"), 0);
    EXPECT_FALSE(same_pixels(first, second));
    ASSERT_EQ(run_cli(generate("--prompt '' --seed 4 --out " + path("alone"))).exit_code, 0);
    EXPECT_TRUE(close_pixels(second, io::load_image(path("alone/4.png"), 0)));
}

TEST_F(DiffusionCli, ImageToImageAndInpaintingReadTheirImages) {
    std::vector<uint8_t> pixels(96 * 64 * 3), mask(96 * 64);
    for (size_t i = 0; i < pixels.size(); ++i) pixels[i] = uint8_t(i * 13 % 256);
    for (size_t i = 0; i < mask.size(); ++i) mask[i] = i % 96 < 48 ? 0 : 255;
    io::save_image(lk_image_view{96, 64, 3, 96 * 3, pixels.data()}, path("init.png"), LK_IMAGE_FORMAT_PNG, 90);
    io::save_image(lk_image_view{96, 64, 1, 96, mask.data()}, path("mask.png"), LK_IMAGE_FORMAT_PNG, 90);
    const CliRun r = run_cli(generate("--prompt 'a face' --init " + path("init.png") +
                                      " --strength 0.6 --out " + path("i2i") + " --json"));
    ASSERT_EQ(r.exit_code, 0) << r.out;
    EXPECT_EQ(io::load_image(path("i2i/0.png"), 0).width(), 96u);
    EXPECT_DOUBLE_EQ(json::parse(r.out)["parameters"]["strength"].get<double>(), 0.6);
    const CliRun inpainted = run_cli(
        "diffusion generate --model " + pipeline("inpaint") + " --steps 2 --prompt 'a face' --init " +
        path("init.png") + " --mask " + path("mask.png") + " --out " + path("inpaint"));
    EXPECT_EQ(inpainted.exit_code, 0) << inpainted.out;
    EXPECT_TRUE(std::filesystem::exists(path("inpaint/0.png")));
}

TEST_F(DiffusionCli, AProgressBarCountsTheStepsOnATerminal) {
    const CliRun r = test::run_cli_on_terminal("diffusion generate --model " + pipeline("txt2img") +
                                               " --prompt 'a face' --steps 3 --out " + path("bar"));
    ASSERT_EQ(r.exit_code, 0) << r.out;
    EXPECT_NE(r.out.find("] 1/3 steps"), std::string::npos) << r.out;
    EXPECT_NE(r.out.find("] 3/3 steps"), std::string::npos) << r.out;
    // Off a terminal (a log file, a pipe) there is no bar.
    EXPECT_EQ(test::run_cli_stderr(generate("--prompt 'a face' --out " + path("quiet"))).out, "");
}

TEST_F(DiffusionCli, BadArgumentsAreUsageErrorsNamingTheFlag) {
    const struct {
        std::string arguments, flag;
    } cases[] = {
        {"--prompt x --width 100 --out " + path("x"), "--width"},
        {"--prompt x --height 100000 --out " + path("x"), "--height"},
        {"--prompt x --steps 0 --out " + path("x"), "--steps"},
        {"--prompt x --guidance nan --out " + path("x"), "--guidance"},
        {"--prompt x --sampler plms --out " + path("x"), "--sampler"},
        {"--prompt x --init a.png --strength 2 --out " + path("x"), "--strength"},
        {"--prompt x --mask m.png --out " + path("x"), "--mask"},
        {"--prompt x --seed -1 --out " + path("x"), "--seed"},
        {"--out " + path("x"), "--prompt"},
        {"--prompt x", "--out"},
        {"--prompt x --out " + path("x") + " --no-provenance --record-seed", "--no-provenance"},
        {"--prompt x --out " + path("x") + " --colour red", "--colour"},
    };
    for (const auto& c : cases) {
        const CliRun r = test::run_cli_stderr(generate(c.arguments));
        EXPECT_EQ(r.exit_code, 2) << c.arguments << "\n" << r.out;
        EXPECT_NE(r.out.find(c.flag), std::string::npos) << c.arguments << "\n" << r.out;
    }
    EXPECT_FALSE(std::filesystem::exists(path("x"))) << "a usage error writes nothing";
}

TEST_F(DiffusionCli, AMissingModelFailsNamingIt) {
    const CliRun r = test::run_cli_stderr("diffusion generate --model " + path("nothing") +
                                          " --prompt x --out " + path("x"));
    EXPECT_EQ(r.exit_code, 1);
    EXPECT_NE(r.out.find("LK_ERR_IO"), std::string::npos) << r.out;
    EXPECT_NE(r.out.find(path("nothing")), std::string::npos) << r.out;
}

}  // namespace
}  // namespace lk
