// `likeness gan info` and `likeness gan generate` on the tiny test generators.
#include "cli_run.h"
#include "core/image.h"
#include "gan/generator.h"
#include "gan/seeds.h"
#include "io/image_file.h"
#include "kernels/image_tensor.h"
#include "support/temp_directory.h"

#include <ATen/ops/zeros.h>
#include <fmt/format.h>
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <cstring>

namespace lk {
namespace {

using nlohmann::json;
using test::CliRun;
using test::run_cli;

std::string model(const std::string& name) {
    return std::string(LIKENESS_TEST_DATA) + "/gan/" + name + ".safetensors";
}

class GanCli : public testing::Test {
protected:
    std::string path(const std::string& name) const { return dir_.file(name); }
    test::TempDirectory dir_;
};

TEST_F(GanCli, InfoJsonDescribesTheGenerator) {
    const CliRun r = run_cli("gan info --model " + model("tiny_conditional_16") + " --json");
    ASSERT_EQ(r.exit_code, 0) << r.out;
    const json info = json::parse(r.out);
    EXPECT_EQ(info["z_dim"], 32);
    EXPECT_EQ(info["c_dim"], 4);
    EXPECT_EQ(info["num_ws"], 6);
    EXPECT_EQ(info["resolution"], 16);
}

TEST_F(GanCli, WritesOneFilePerSeedWithTheSdksPixelsAndListsThemInJson) {
    const CliRun r = run_cli("gan generate --model " + model("tiny_conditional_16") +
                             " --seeds 3,7-8 --class 2 --trunc 0.7 --batch 2 --out " +
                             path("faces") + " --json");
    ASSERT_EQ(r.exit_code, 0) << r.out;
    const json result = json::parse(r.out);
    ASSERT_EQ(result["files"].size(), 3u);
    EXPECT_EQ(result["files"][1]["seed"], 7);
    EXPECT_EQ(result["files"][1]["path"], path("faces") + "/seed0007.png");
    EXPECT_FLOAT_EQ(result["files"][1]["truncation_psi"].get<float>(), 0.7f);
    EXPECT_EQ(result["files"][1]["class"], 2);
    EXPECT_EQ(result["files"][1]["noise"], "const");

    // The files hold exactly what the generator makes for those seeds.
    const gan::Generator generator = gan::Generator::load(model("tiny_conditional_16"));
    at::Tensor c = at::zeros({3, 4});
    c.select(1, 2).fill_(1);
    const at::Tensor expected = tensor_to_images(
        generator.generate(gan::latents_from_seeds({3, 7, 8}, 32), c, 0.7), 127.5f, 127.5f);
    for (int64_t i = 0; i < 3; ++i) {
        const Image image = io::load_image(result["files"][i]["path"].get<std::string>(), 0);
        ASSERT_EQ(image.width(), 16u);
        ASSERT_EQ(image.channels(), 3u);
        const at::Tensor ours = expected[i].contiguous();
        EXPECT_EQ(std::memcmp(image.data(), ours.data_ptr<uint8_t>(), 16 * 16 * 3), 0) << i;
    }
}

TEST_F(GanCli, GridIsAContactSheetOfEverySeedInOrder) {
    const CliRun r = run_cli("gan generate --model " + model("tiny_unconditional_32") +
                             " --seeds 0-4 --grid --out " + path("sheet") + " --json");
    ASSERT_EQ(r.exit_code, 0) << r.out;
    EXPECT_EQ(json::parse(r.out)["grid"]["columns"], 3);
    const Image grid = io::load_image(path("sheet") + "/grid.png", 0);
    ASSERT_EQ(grid.width(), 3u * 32);
    ASSERT_EQ(grid.height(), 2u * 32);
    for (uint32_t seed = 0; seed < 5; ++seed) {
        const Image face = io::load_image(path("sheet") + fmt::format("/seed{:04d}.png", seed), 0);
        const uint32_t x = seed % 3 * 32, y = seed / 3 * 32;
        for (uint32_t row = 0; row < 32; ++row)
            ASSERT_EQ(std::memcmp(grid.data() + ((y + row) * grid.width() + x) * 3,
                                  face.data() + row * 32 * 3, 32 * 3),
                      0)
                << "seed " << seed << " row " << row;
    }
}

// --mix with --crossover 0 takes every layer from the mix seed: the face of the mix seed itself.
TEST_F(GanCli, MixingFromLayerZeroGivesTheMixSeedsFaces) {
    const std::string m = "gan generate --model " + model("tiny_unconditional_32");
    ASSERT_EQ(run_cli(m + " --seeds 5,6 --out " + path("plain")).exit_code, 0);
    const CliRun mixed = run_cli(m + " --seeds 1,2 --mix 5,6 --crossover 0 --out " +
                                 path("mixed") + " --json");
    ASSERT_EQ(mixed.exit_code, 0) << mixed.out;
    const json files = json::parse(mixed.out)["files"];
    EXPECT_EQ(files[1]["mix_seed"], 6);
    EXPECT_EQ(files[1]["crossover"], 0);
    for (int i = 0; i < 2; ++i) {
        const Image ours = io::load_image(path("mixed") + fmt::format("/seed{:04d}.png", i + 1), 0);
        const Image theirs = io::load_image(path("plain") + fmt::format("/seed{:04d}.png", i + 5), 0);
        EXPECT_EQ(std::memcmp(ours.data(), theirs.data(), 32 * 32 * 3), 0) << i;
    }
    EXPECT_EQ(run_cli(m + " --seeds 1,2 --mix 5 --out " + path("x")).exit_code, 2);
    EXPECT_EQ(run_cli(m + " --seeds 1,2,3 --mix 5,6 --crossover 1 --out " + path("x")).exit_code, 2);
}

TEST_F(GanCli, JpegFormatAndPlainOutput) {
    const CliRun r = run_cli("gan generate --model " + model("tiny_noiseless_separable_8") +
                             " --seeds 12 --format jpg --noise none --out " + path("j"));
    ASSERT_EQ(r.exit_code, 0) << r.out;
    EXPECT_NE(r.out.find("1 image(s)"), std::string::npos) << r.out;
    EXPECT_EQ(io::load_image(path("j/seed0012.jpg"), 0).width(), 8u);
}

TEST_F(GanCli, UsageErrorsExitWith2AndWriteNothing) {
    const std::string m = " --model " + model("tiny_unconditional_32") + " --out " + path("o");
    // Each run loads libtorch (about half a second): one case per kind of check.
    for (const std::string& bad : {std::string(" --seeds 0-2 --out ") + path("o"),
                                   m + " --seeds 5-1", m + " --seeds 1 --trunc nan",
                                   m + " --seeds 1 --noise hot", m + " --seeds 1 --bogus"})
        EXPECT_EQ(run_cli("gan generate" + bad).exit_code, 2) << bad;
    EXPECT_EQ(run_cli("gan info").exit_code, 2);
    EXPECT_TRUE(dir_.entries().empty());
}

TEST_F(GanCli, FailuresExitWith1AndReportTheStatus) {
    const CliRun missing = run_cli("gan generate --model " + path("none.safetensors") +
                                   " --seeds 1 --out " + path("o") + " --json");
    EXPECT_EQ(missing.exit_code, 1);
    EXPECT_EQ(json::parse(missing.out)["error"]["status"], "LK_ERR_IO");
    const CliRun no_class = run_cli("gan generate --model " + model("tiny_conditional_16") +
                                    " --seeds 1 --out " + path("o") + " --json");
    EXPECT_EQ(no_class.exit_code, 1);
    EXPECT_NE(json::parse(no_class.out)["error"]["message"].get<std::string>().find("class"),
              std::string::npos);
    EXPECT_EQ(run_cli("gan generate --model " + model("tiny_unconditional_32") +
                      " --seeds 1 --cutoff 99 --out " + path("o")).exit_code,
              1);
    EXPECT_EQ(run_cli("gan info --model " + model("tiny_conditional_16") + " --device cuda:7")
                  .exit_code,
              1);
}

}  // namespace
}  // namespace lk
