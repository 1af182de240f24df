// `likeness face analyze|check-selfies|filter` on face-api's demo photos: the JSON reports, the
// readable summaries, the annotated copy, the filtered folders, and where the models come from.
#include "cli_run.h"
#include "io/image_file.h"
#include "support/images.h"
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
        EXPECT_GE(face["quality"].get<double>(), 0);
        EXPECT_LE(face["quality"].get<double>(), 100);
        EXPECT_GT(face["measures"]["sharpness"]["raw"].get<double>(), 0);
        EXPECT_TRUE(face["measures"]["yaw"]["component"].is_number());
    }
}

TEST_F(FaceCli, TextSummaryNamesEveryFace) {
    const CliRun r = run_cli("face analyze '" + photo + "' --models '" + models + "'");
    ASSERT_EQ(r.exit_code, 0) << r.out;
    EXPECT_NE(r.out.find("1920x1280, 3 faces"), std::string::npos) << r.out;
    EXPECT_NE(r.out.find("face 3: score 0."), std::string::npos) << r.out;
    EXPECT_NE(r.out.find("/100"), std::string::npos) << "each face's quality: " << r.out;
    EXPECT_NE(r.out.find("weakest measures: "), std::string::npos) << r.out;
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

TEST_F(FaceCli, CheckSelfiesPrintsTheSummaryAndWritesTheReport) {
    const std::string second = std::string(LIKENESS_FACE_DEMO_DIR) + "/sample2.jpg";
    const std::string report = dir_.file("report.json");
    const CliRun r = run_cli("face check-selfies '" + photo + "' '" + second + "' --models '" + models +
                             "' --json '" + report + "'");
    ASSERT_EQ(r.exit_code, 0) << r.out;
    EXPECT_NE(r.out.find("Selfie set: 0 of 2 photos accepted; not ready"), std::string::npos) << r.out;
    EXPECT_NE(r.out.find("3 faces found"), std::string::npos) << r.out;
    const json written = json::parse(test::read_bytes(report));
    EXPECT_EQ(written["photo_count"], 2);
    EXPECT_EQ(written["photos"][1]["source"], second);
    EXPECT_EQ(written["photos"][1]["reasons"][0]["code"], "several_faces");
}

TEST_F(FaceCli, CheckSelfiesOfAFolderRejectsWhatItCannotRead) {
    std::filesystem::create_directory(dir_.file("set"));
    std::filesystem::copy_file(photo, dir_.file("set/one.jpg"));
    test::write_bytes(dir_.file("set/two.jpg"), "truncated");
    const CliRun r = run_cli("face check-selfies '" + dir_.file("set") + "' --models '" + models + "'");
    ASSERT_EQ(r.exit_code, 0) << r.out;
    EXPECT_NE(r.out.find("0 of 2 photos accepted"), std::string::npos) << r.out;
    EXPECT_NE(r.out.find("rejected " + dir_.file("set/two.jpg")), std::string::npos) << r.out;
    const CliRun none = run_cli("face check-selfies --models '" + models + "'");
    EXPECT_EQ(none.exit_code, 2);
}

TEST_F(FaceCli, FilterCopiesEachImageIntoKeepOrRejectWithReasons) {
    const std::string in = dir_.file("in");
    std::filesystem::create_directory(in);
    std::filesystem::copy_file(photo, in + "/photo.jpg");
    io::save_image(test::constant(96, 96, 3, 128).view(), in + "/gray.png", LK_IMAGE_FORMAT_PNG, 90);
    test::write_bytes(in + "/notes.txt", "not an image");
    test::write_bytes(in + "/.hidden", "left alone");
    const std::string keep = dir_.file("keep"), reject = dir_.file("reject");
    const CliRun r = run_cli("face filter '" + in + "' --keep '" + keep + "' --reject '" + reject +
                             "' --models '" + models + "'");
    ASSERT_EQ(r.exit_code, 0) << r.out;
    EXPECT_NE(r.out.find("rejected gray.png: no face found"), std::string::npos) << r.out;
    EXPECT_NE(r.out.find("rejected notes.txt: "), std::string::npos) << r.out;
    EXPECT_NE(r.out.find("1 of 3 kept"), std::string::npos) << r.out;
    EXPECT_EQ(test::read_bytes(keep + "/photo.jpg"), test::read_bytes(photo)) << "copied whole";
    EXPECT_TRUE(std::filesystem::exists(reject + "/gray.png"));
    EXPECT_TRUE(std::filesystem::exists(reject + "/notes.txt"));
    EXPECT_FALSE(std::filesystem::exists(keep + "/.hidden"));
    EXPECT_FALSE(std::filesystem::exists(reject + "/.hidden"));
    EXPECT_TRUE(std::filesystem::exists(in + "/photo.jpg")) << "copies, never moves";
    const json reasons = json::parse(test::read_bytes(reject + "/reasons.json"));
    ASSERT_EQ(reasons.size(), 2u);
    EXPECT_EQ(reasons[0]["file"], "gray.png");
    EXPECT_EQ(reasons[0]["reasons"][0]["code"], "no_face");
    EXPECT_EQ(reasons[1]["reasons"][0]["code"], "unreadable");
    const CliRun missing = run_cli("face filter '" + in + "' --keep '" + keep + "' --models '" + models + "'");
    EXPECT_EQ(missing.exit_code, 2) << "--reject is required";
}

}  // namespace
}  // namespace lk
