// `likeness face analyze` on face-api's demo photo: the JSON report, the readable summary, the
// annotated copy, and where the models come from.
#include "cli_run.h"
#include "support/temp_directory.h"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <filesystem>

namespace lk {
namespace {

using nlohmann::json;
using test::CliRun;
using test::run_cli;

const std::string models = LIKENESS_FACE_MODELS_DIR;
const std::string photo = std::string(LIKENESS_FACE_DEMO_DIR) + "/sample1.jpg";

class FaceCli : public testing::Test {
protected:
    void SetUp() override {
        if (!std::filesystem::exists(models + "/ssd_mobilenetv1_model.bin") ||
            !std::filesystem::exists(photo))
            GTEST_SKIP() << "face-api's models (" << models << ") or demo photo (" << photo
                         << ") are not installed; scripts/setup.sh installs them";
    }

    // The CLI run from `directory` with `environment` (VAR=value ...) set; stderr kept.
    static CliRun run_in(const std::string& directory, const std::string& environment,
                         const std::string& arguments) {
        return test::run_command("cd '" + directory + "' && env -u LIKENESS_FACE_MODELS " +
                                 environment + " " + LIKENESS_CLI + " " + arguments + " 2>&1");
    }

    test::TempDirectory dir_;
};

TEST_F(FaceCli, JsonReportHoldsEachFacesDetectionLandmarksAndDescriptor) {
    const CliRun r = run_cli("face analyze '" + photo + "' --models '" + models + "' --json");
    ASSERT_EQ(r.exit_code, 0) << r.out;
    const json report = json::parse(r.out);
    EXPECT_EQ(report["width"], 1920);
    ASSERT_EQ(report["faces"].size(), 3u) << "face-api finds three faces in sample1.jpg";
    for (const json& face : report["faces"]) {
        EXPECT_GT(face["score"].get<double>(), 0.5);
        EXPECT_EQ(face["landmarks"].size(), 68u);
        EXPECT_EQ(face["descriptor"].size(), 128u);
        EXPECT_GT(face["box"]["width"].get<double>(), 0);
        EXPECT_EQ(face["quality"], nullptr);
    }
}

TEST_F(FaceCli, TextSummaryNamesEveryFace) {
    const CliRun r = run_cli("face analyze '" + photo + "' --models '" + models + "'");
    ASSERT_EQ(r.exit_code, 0) << r.out;
    EXPECT_NE(r.out.find("1920x1280, 3 faces"), std::string::npos) << r.out;
    EXPECT_NE(r.out.find("face 3: score 0."), std::string::npos) << r.out;
}

TEST_F(FaceCli, AnnotateWritesTheDrawnCopy) {
    const std::string out = dir_.file("annotated.png");
    const CliRun r = run_cli("face analyze '" + photo + "' --models '" + models + "' --annotate '" +
                             out + "' --detector tiny --json");
    ASSERT_EQ(r.exit_code, 0) << r.out;
    EXPECT_EQ(json::parse(r.out)["faces"].size(), 3u) << "the tiny detector also finds three";
    ASSERT_TRUE(std::filesystem::exists(out));
    const CliRun info = run_cli("image convert '" + out + "' '" + dir_.file("copy.png") + "' --json");
    ASSERT_EQ(info.exit_code, 0) << info.out;
    EXPECT_EQ(json::parse(info.out)["input"]["width"], 1920) << info.out;
}

TEST_F(FaceCli, ModelsComeFromTheEnvironmentThenTheWorkingDirectory) {
    const std::string args = "face analyze '" + photo + "' --json";
    const CliRun from_environment = run_in(dir_.path(), "LIKENESS_FACE_MODELS='" + models + "'", args);
    EXPECT_EQ(from_environment.exit_code, 0) << from_environment.out;
    std::filesystem::create_directories(dir_.file("models"));
    std::filesystem::create_directory_symlink(models, dir_.file("models/face-api"));
    const CliRun from_directory = run_in(dir_.path(), "", args);
    EXPECT_EQ(from_directory.exit_code, 0) << from_directory.out;
    const CliRun nowhere = run_in(dir_.file("models"), "", "face analyze '" + photo + "'");
    EXPECT_EQ(nowhere.exit_code, 1);
    EXPECT_NE(nowhere.out.find("LK_ERR_IO"), std::string::npos) << nowhere.out;
    EXPECT_NE(nowhere.out.find("models/face-api"), std::string::npos) << nowhere.out;
}

TEST_F(FaceCli, BadInputFailsWithTheReason) {
    const std::string corrupt = dir_.file("corrupt.jpg");
    test::write_bytes(corrupt, test::read_bytes(photo).substr(0, 5000));
    const CliRun r = run_in(dir_.path(), "", "face analyze '" + corrupt + "' --models '" + models + "'");
    EXPECT_EQ(r.exit_code, 1);
    EXPECT_NE(r.out.find("LK_ERR_FORMAT"), std::string::npos) << r.out;
    EXPECT_NE(r.out.find("corrupt.jpg"), std::string::npos) << r.out;
    const CliRun detector = run_in(dir_.path(), "", "face analyze '" + photo + "' --detector mtcnn");
    EXPECT_EQ(detector.exit_code, 2) << detector.out;
    EXPECT_NE(detector.out.find("--detector"), std::string::npos) << detector.out;
}

}  // namespace
}  // namespace lk
