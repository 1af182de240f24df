// `likeness diffusion train`: a tiny run from the shell (its JSON report, the progress bar on
// stderr, the model folder), and usage errors.
#include "cli_run.h"
#include "support/square_idx.h"
#include "support/temp_directory.h"
#include "../diffusion/tiny_clip_vocab.h"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <filesystem>
#include <string>

namespace lk::test {
namespace {

namespace fs = std::filesystem;

std::string tiny_run(const TempDirectory& dir) {
    const std::string tokenizer = dir.path() + "/tokenizer";
    fs::create_directories(tokenizer);
    write_bytes(tokenizer + "/vocab.json", tiny_clip_vocab_json());
    write_bytes(tokenizer + "/merges.txt", tiny_clip_merges());
    return "diffusion train --data '" + write_square_idx(dir.path()) + "' --tokenizer '" +
           tokenizer + "' --resolution 16 --unet-width 8 --vae-width 8 --text-width 8" +
           " --text-layers 1 --vae-steps 2 --steps 2 --vae-batch 4 --batch 4 --log-every 1" +
           " --threads 1";
}

TEST(DiffusionTrainCli, TrainsBothStagesReportsEachStepAndWritesAModelFolder) {
    TempDirectory dir;
    const std::string out = dir.path() + "/run";
    const CliRun run = run_command(std::string(LIKENESS_CLI) + " " + tiny_run(dir) + " --out '" +
                                   out + "' --json 2>'" + dir.path() + "/progress.txt'");
    ASSERT_EQ(run.exit_code, 0) << run.out << read_bytes(dir.path() + "/progress.txt");
    const nlohmann::json result = nlohmann::json::parse(run.out);
    ASSERT_EQ(result.at("reports").size(), 4u);
    EXPECT_EQ(result["reports"][0]["stage"], "autoencoder");
    EXPECT_EQ(result["reports"][3]["stage"], "unet");
    EXPECT_TRUE(fs::exists(result.at("model").get<std::string>() + "/model_index.json"));
    const std::string progress = read_bytes(dir.path() + "/progress.txt");
    EXPECT_NE(progress.find("[####################] unet step 2/2"), std::string::npos) << progress;
}

TEST(DiffusionTrainCli, UsageErrorsExitWith2AndFailuresWith1) {
    TempDirectory dir;
    const std::string run = tiny_run(dir);
    EXPECT_EQ(run_cli(run).exit_code, 2);  // no --out
    EXPECT_EQ(run_cli(run + " --out x --steps 0").exit_code, 2);
    EXPECT_EQ(run_cli(run + " --out x --lr nan").exit_code, 2);
    // A resume from a file that is not a training state fails before any step is taken.
    const CliRun bad = run_cli(run + " --out '" + dir.path() + "/run' --resume '" + dir.path() +
                               "/squares-labels-idx1-ubyte' --json");
    EXPECT_EQ(bad.exit_code, 1);
    EXPECT_NE(bad.out.find("LK_ERR_FORMAT"), std::string::npos) << bad.out;
    EXPECT_FALSE(fs::exists(dir.path() + "/run/log.jsonl"));
}

}  // namespace
}  // namespace lk::test
