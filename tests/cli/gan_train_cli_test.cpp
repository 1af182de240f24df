// `likeness gan train`: a tiny run from the shell, its JSON report, and usage errors.
#include "cli_run.h"
#include "io/image_file.h"
#include "support/temp_directory.h"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <filesystem>
#include <string>
#include <vector>

namespace lk::test {
namespace {

namespace fs = std::filesystem;

std::string make_images(const TempDirectory& dir) {
    const std::string folder = dir.path() + "/images";
    fs::create_directories(folder);
    for (int i = 0; i < 8; ++i) {
        std::vector<uint8_t> pixels(8 * 8 * 3, uint8_t(30 * i));
        io::save_image(lk_image_view{8, 8, 3, 24, pixels.data()},
                       folder + "/" + std::to_string(i) + ".png", LK_IMAGE_FORMAT_PNG, 90);
    }
    return folder;
}

const std::string tiny =
    " --resolution 8 --z-dim 8 --w-dim 8 --map 1 --cbase 64 --cmax 16 --batch 4 --kimg 0.008"
    " --tick 0.004 --snap 1 --aug fixed --p 0.5 --lr 0.002 --gamma 1";

TEST(GanTrainCli, TrainsAndReportsEachTickAndTheSnapshotInJson) {
    TempDirectory dir;
    const std::string out = dir.path() + "/run";
    const CliRun run = run_cli("gan train --data '" + make_images(dir) + "' --out '" + out + "'" +
                               tiny + " --json");
    ASSERT_EQ(run.exit_code, 0) << run.out;
    const nlohmann::json result = nlohmann::json::parse(run.out);
    ASSERT_EQ(result.at("ticks").size(), 2u);
    EXPECT_DOUBLE_EQ(result["ticks"][1]["kimg"].get<double>(), 0.008);
    const std::string snapshot = result.at("snapshot");
    EXPECT_TRUE(fs::exists(snapshot)) << snapshot;
    // The snapshot is a generator the other commands take.
    const CliRun info = run_cli("gan info --model '" + snapshot + "' --json");
    ASSERT_EQ(info.exit_code, 0);
    EXPECT_EQ(nlohmann::json::parse(info.out).at("resolution"), 8);
}

TEST(GanTrainCli, UsageErrorsExitWith2AndFailuresWith1) {
    TempDirectory dir;
    const std::string images = make_images(dir);
    EXPECT_EQ(run_cli("gan train --out x --resolution 8").exit_code, 2);  // no --data
    EXPECT_EQ(run_cli("gan train --data '" + images + "' --out x").exit_code, 2);  // no resolution
    EXPECT_EQ(run_cli("gan train --data '" + images + "' --out x --resolution 8 --aug often").exit_code, 2);
    EXPECT_EQ(run_cli("gan train --data '" + images + "' --out x --resolution 8 --lr nan").exit_code, 2);
    const CliRun bad = run_cli("gan train --data '" + images + "' --out '" + dir.path() +
                               "/run' --resolution 12 --json");
    EXPECT_EQ(bad.exit_code, 1);
    EXPECT_NE(bad.out.find("power of two"), std::string::npos) << bad.out;
    EXPECT_FALSE(fs::exists(dir.path() + "/run/log.jsonl"));
}

}  // namespace
}  // namespace lk::test
