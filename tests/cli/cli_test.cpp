// The `likeness` command as a script would use it: exit codes and --json output.
#include "cli_run.h"
#include "core/image.h"
#include "io/image_file.h"
#include "support/images.h"
#include "support/temp_directory.h"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>


namespace lk {
namespace {

using test::CliRun;
using test::run_cli;

class Cli : public testing::Test {
protected:
    void SetUp() override {
        io::save_image(test::gradient(120, 80, 3).view(), path("in.png"), LK_IMAGE_FORMAT_AUTO, 90);
    }
    std::string path(const std::string& name) const { return dir_.file(name); }
    test::TempDirectory dir_;
};

TEST_F(Cli, InfoJsonNamesVersionTorchAndDevices) {
    const CliRun r = run_cli("info --json");
    ASSERT_EQ(r.exit_code, 0);
    const auto info = nlohmann::json::parse(r.out);
    EXPECT_EQ(info["likeness"]["version"], "0.1.0");
    EXPECT_EQ(info["torch"]["version"].get<std::string>().rfind("2.11", 0), 0u);
    EXPECT_EQ(info["devices"][0]["name"], "cpu");
}

TEST_F(Cli, ConvertResizesAndWritesJpeg) {
    const CliRun r = run_cli("image convert " + path("in.png") + " " + path("out.jpg") +
                      " --resize 60x40 --quality 80 --json");
    ASSERT_EQ(r.exit_code, 0) << r.out;
    const auto result = nlohmann::json::parse(r.out);
    EXPECT_EQ(result["input"]["width"], 120);
    EXPECT_EQ(result["output"]["width"], 60);
    EXPECT_EQ(result["output"]["height"], 40);
    EXPECT_GT(result["output"]["bytes"].get<long>(), 100);
    const Image out = io::load_image(path("out.jpg"), 0);
    EXPECT_EQ(out.width(), 60u);
    EXPECT_EQ(out.height(), 40u);
}

TEST_F(Cli, ConvertsChannels) {
    ASSERT_EQ(run_cli("image convert " + path("in.png") + " " + path("gray.png") + " --channels 1").exit_code, 0);
    EXPECT_EQ(io::load_image(path("gray.png"), 0).channels(), 1u);
}

TEST_F(Cli, UsageErrorsExitWith2) {
    EXPECT_EQ(run_cli("").exit_code, 2);
    EXPECT_EQ(run_cli("frobnicate").exit_code, 2);
    EXPECT_EQ(run_cli("image convert " + path("in.png")).exit_code, 2);
    EXPECT_EQ(run_cli("image convert a b --quality 0").exit_code, 2);
    EXPECT_EQ(run_cli("image convert a b --resize 12").exit_code, 2);
    EXPECT_EQ(run_cli("image convert a b --bogus").exit_code, 2);
    EXPECT_EQ(run_cli("--help").exit_code, 0);
    EXPECT_EQ(run_cli("image convert --help").exit_code, 0);
}

TEST_F(Cli, FailuresExitWith1AndReportTheStatusInJson) {
    const CliRun missing = run_cli("image convert " + path("nope.png") + " " + path("x.png") + " --json");
    EXPECT_EQ(missing.exit_code, 1);
    const auto error = nlohmann::json::parse(missing.out)["error"];
    EXPECT_EQ(error["status"], "LK_ERR_IO");
    EXPECT_NE(error["message"].get<std::string>().find("nope.png"), std::string::npos);

    EXPECT_EQ(run_cli("image convert " + path("in.png") + " " + path("x.gif")).exit_code, 1);
    EXPECT_EQ(run_cli("image convert " + path("in.png") + " " + path("x.png") + " --resize 1000000x1")
                  .exit_code, 1);
    EXPECT_EQ(dir_.entries(), std::vector<std::string>{"in.png"});
    EXPECT_EQ(run_cli("info --device cuda:7").exit_code, 1);
}

// The tiny generator and feature network fixtures, against 20 random 32x32 idx images.
class GanMetrics : public Cli {
protected:
    void SetUp() override {
        std::string idx{'\0', '\0', '\x08', '\x03', 0, 0, 0, 20, 0, 0, 0, 32, 0, 0, 0, 32};
        for (int i = 0; i < 20 * 32 * 32; ++i) idx.push_back(char(i * 7919 % 251));
        test::write_bytes(path("real-images-idx3-ubyte"), idx);
    }
    std::string arguments(const std::string& extra,
                          const std::string& network = "metrics/pooled.pt") const {
        const std::string data = LIKENESS_TEST_DATA;
        return "gan metrics --model " + data + "/gan/tiny_unconditional_32.safetensors --data " +
               path("real-images-idx3-ubyte") + " --inception " + data + "/" + network + " " +
               extra;
    }
};

TEST_F(GanMetrics, JsonHasTheMetricsAskedForAndTheImageCounts) {
    const CliRun both = run_cli(arguments("--num 10 --json"));
    ASSERT_EQ(both.exit_code, 0) << both.out;
    const auto result = nlohmann::json::parse(both.out);
    EXPECT_EQ(result["num_real"], 20);
    EXPECT_EQ(result["num_generated"], 10);
    EXPECT_GT(result["fid"].get<double>(), 0);
    EXPECT_GT(result["kid"].get<double>(), 0);
    const CliRun fid = run_cli(arguments("--num 10 --metrics fid --json"));
    ASSERT_EQ(fid.exit_code, 0) << fid.out;
    const auto fid_only = nlohmann::json::parse(fid.out);
    EXPECT_FALSE(fid_only.contains("kid"));
    EXPECT_EQ(fid_only["fid"], result["fid"]) << "same seeds, same images, same FID";
}

TEST_F(GanMetrics, BadArgumentsAndFilesExitWithTheirCodes) {
    EXPECT_EQ(run_cli(arguments("--metrics fid,is")).exit_code, 2);
    EXPECT_EQ(run_cli("gan metrics --model m --data d").exit_code, 2);
    EXPECT_EQ(run_cli(arguments("--num 1")).exit_code, 2);
    const CliRun missing = run_cli("gan metrics --model " + path("none.safetensors") + " --data " +
                               path("real-images-idx3-ubyte") + " --inception x.pt --json");
    EXPECT_EQ(missing.exit_code, 1);
    EXPECT_EQ(nlohmann::json::parse(missing.out)["error"]["status"], "LK_ERR_IO");
    const CliRun not_a_network = run_cli(arguments("--num 4 --json", "gan/numpy_randn.json"));
    EXPECT_EQ(not_a_network.exit_code, 1);
    EXPECT_EQ(nlohmann::json::parse(not_a_network.out)["error"]["status"], "LK_ERR_FORMAT");
}

}  // namespace
}  // namespace lk
