// likeness::FaceAnalyzer and its companions over face-api's real models: the wrapper's report is
// the C report's, the selfie check and the generated-face assessment come through, and every way
// a photo, a model file or a scoring config can be wrong gets a clear error.
#include "support/command.h"
#include "support/temp_directory.h"

#include <likeness/likeness.hpp>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <string>
#include <thread>
#include <vector>

namespace {

namespace fs = std::filesystem;

const std::string models = LIKENESS_FACE_MODELS_DIR;
const std::string photo = std::string(LIKENESS_FACE_DEMO_DIR) + "/sample1.jpg";

class FaceWrapper : public testing::Test {
protected:
    void SetUp() override {
        if (!fs::exists(models + "/ssd_mobilenetv1_model.bin") || !fs::exists(photo))
            GTEST_SKIP() << "face-api's models (" << models << ") or demo photo (" << photo
                         << ") are not installed; scripts/setup.sh installs them";
    }

    // One analyzer for the whole suite: opening checks 13 MB of SHA-256.
    static const likeness::FaceAnalyzer& analyzer() {
        static const likeness::Context context;
        static const likeness::FaceAnalyzer shared = likeness::FaceAnalyzer::open(context, models);
        return shared;
    }

    static void expect_same_faces(const likeness::FaceReport& a, const likeness::FaceReport& b) {
        ASSERT_EQ(a.faces.size(), b.faces.size());
        for (size_t i = 0; i < a.faces.size(); ++i) {
            EXPECT_EQ(a.faces[i].score, b.faces[i].score) << "face " << i;
            EXPECT_EQ(a.faces[i].box.x, b.faces[i].box.x) << "face " << i;
            EXPECT_EQ(a.faces[i].box.width, b.faces[i].box.width) << "face " << i;
            EXPECT_EQ(a.faces[i].descriptor, b.faces[i].descriptor) << "face " << i;
        }
    }

    // Runs ImageMagick's `convert`; skips the test, saying so, where it is not installed.
    static void convert(const std::string& arguments) {
        if (lk::test::run_command("command -v convert >/dev/null").exit_code != 0)
            GTEST_SKIP() << "ImageMagick's convert is not installed (scripts/setup.sh installs it)";
        ASSERT_EQ(lk::test::run_command("convert " + arguments).exit_code, 0) << arguments;
    }
};

TEST_F(FaceWrapper, ReportHoldsTheCApisFacesAsValues) {
    const likeness::Image image = likeness::Image::load(photo, 3);
    const likeness::FaceReport report = analyzer().analyze(image);
    lk_face_report* raw = nullptr;
    const lk_image_view view = image.view();
    ASSERT_EQ(lk_face_analyze(analyzer().get(), &view, &raw), LK_OK) << lk_last_error();
    ASSERT_EQ(report.faces.size(), raw->face_count);
    EXPECT_EQ(report.width, raw->width);
    for (size_t i = 0; i < report.faces.size(); ++i) {
        const likeness::Face& face = report.faces[i];
        const lk_face& c = raw->faces[i];
        EXPECT_EQ(face.score, c.score);
        EXPECT_EQ(face.landmarks[67].y, c.landmarks[67].y);
        ASSERT_TRUE(face.descriptor.has_value());
        EXPECT_EQ((*face.descriptor)[127], c.descriptor[127]);
        EXPECT_EQ(face.descriptor_box.width, c.descriptor_box.width);
        ASSERT_TRUE(face.quality.has_value());
        EXPECT_EQ(*face.quality, c.quality);
        ASSERT_EQ(face.measures.size(), c.measure_count);
        EXPECT_EQ(face.measures[0].id, c.measures[0].id);
        EXPECT_EQ(face.measures.back().component, c.measures[c.measure_count - 1].component);
    }
    lk_face_report_free(raw);
}

TEST_F(FaceWrapper, ThreadsSharingAnAnalyzerGetWhatOneThreadGets) {
    const likeness::Image image = likeness::Image::load(photo, 3);
    const likeness::FaceReport alone = analyzer().analyze(image);
    std::vector<likeness::FaceReport> shared(3);
    std::vector<std::thread> threads;
    for (likeness::FaceReport& report : shared)
        threads.emplace_back([&] { report = analyzer().analyze(image); });
    for (std::thread& thread : threads) thread.join();
    for (const likeness::FaceReport& report : shared) {
        expect_same_faces(report, alone);
        EXPECT_EQ(report.faces[0].quality, alone.faces[0].quality);
    }
}

TEST_F(FaceWrapper, InterruptedContextCancelsAnalysis) {
    likeness::Context context;
    const auto own = likeness::FaceAnalyzer::open(context, models);
    const std::vector<uint8_t> gray(64 * 64, 100);
    const lk_image_view view{64, 64, 1, 64, gray.data()};
    context.interrupt();
    try {
        own.analyze(view);
        FAIL() << "an interrupted context's analyzer ran";
    } catch (const likeness::Error& e) {
        EXPECT_EQ(e.status(), LK_ERR_CANCELLED) << e.what();
    }
    context.resume();
    EXPECT_TRUE(own.analyze(view).faces.empty());
}

TEST_F(FaceWrapper, DistanceIsEuclidean) {
    const likeness::FaceReport report = analyzer().analyze(likeness::Image::load(photo, 3));
    ASSERT_GE(report.faces.size(), 2u);
    const likeness::FaceDescriptor &a = *report.faces[0].descriptor, &b = *report.faces[1].descriptor;
    double sum = 0;
    for (size_t i = 0; i < a.size(); ++i) sum += (double(a[i]) - b[i]) * (double(a[i]) - b[i]);
    EXPECT_NEAR(likeness::face_distance(a, b), std::sqrt(sum), 1e-6);
    EXPECT_EQ(likeness::face_distance(a, a), 0.0f);
}

TEST_F(FaceWrapper, AnnotateDrawsTheReportOnACopy) {
    const likeness::Image image = likeness::Image::load(photo, 3);
    const likeness::FaceReport report = analyzer().analyze(image);
    const likeness::Image drawn = likeness::annotate(image, report);
    ASSERT_EQ(drawn.width(), image.width());
    ASSERT_EQ(drawn.channels(), 3u);
    // The box's top edge runs through the middle of its top side.
    const lk_face_box& box = report.faces[0].box;
    const size_t x = size_t(box.x + box.width / 2), y = size_t(box.y);
    const uint8_t* pixel = drawn.view().data + (y * drawn.width() + x) * 3;
    EXPECT_EQ(pixel[0], 0);
    EXPECT_EQ(pixel[1], 255);
    EXPECT_EQ(pixel[2], 0);
}

TEST_F(FaceWrapper, ProgressiveJpegGivesTheFacesOfItsBaselineTwin) {
    lk::test::TempDirectory dir;
    const std::string baseline = dir.file("baseline.jpg"), progressive = dir.file("progressive.jpg");
    convert("'" + photo + "' -quality 92 '" + baseline + "'");
    convert("'" + photo + "' -quality 92 -interlace JPEG '" + progressive + "'");
    ASSERT_NE(lk::test::read_bytes(baseline), lk::test::read_bytes(progressive));
    const likeness::FaceReport expected = analyzer().analyze(likeness::Image::load(baseline));
    EXPECT_EQ(expected.faces.size(), 3u);
    expect_same_faces(analyzer().analyze(likeness::Image::load(progressive)), expected);
}

TEST_F(FaceWrapper, CmykJpegIsAnalysedOrRefusedAsAFormatError) {
    lk::test::TempDirectory dir;
    const std::string cmyk = dir.file("cmyk.jpg");
    convert("'" + photo + "' -colorspace CMYK -quality 95 '" + cmyk + "'");
    try {
        const likeness::FaceReport report = analyzer().analyze(likeness::Image::load(cmyk, 3));
        EXPECT_EQ(report.faces.size(), 3u) << "a CMYK photo decoded to RGB has the photo's faces";
    } catch (const likeness::Error& e) {
        EXPECT_EQ(e.status(), LK_ERR_FORMAT) << e.what();
        EXPECT_NE(std::string(e.what()).find("cmyk.jpg"), std::string::npos) << e.what();
    }
}

TEST_F(FaceWrapper, CorruptFileIsAFormatErrorNamingIt) {
    lk::test::TempDirectory dir;
    const std::string bytes = lk::test::read_bytes(photo);
    const std::string cut = dir.file("cut.jpg");
    lk::test::write_bytes(cut, std::string_view(bytes).substr(0, bytes.size() / 3));
    try {
        likeness::Image::load(cut);
        FAIL() << "a JPEG cut to a third decoded";
    } catch (const likeness::Error& e) {
        EXPECT_EQ(e.status(), LK_ERR_FORMAT) << e.what();
        EXPECT_NE(std::string(e.what()).find("cut.jpg"), std::string::npos) << e.what();
    }
}

TEST_F(FaceWrapper, HugeGrayImageIsAnalysed) {
    constexpr uint32_t side = 10000;
    std::vector<uint8_t> pixels(size_t(side) * side);
    for (size_t y = 0; y < side; ++y)
        std::fill_n(pixels.begin() + y * side, side, uint8_t(y * 255 / side));
    const lk_image_view view{side, side, 1, side, pixels.data()};
    const likeness::FaceReport report = analyzer().analyze(view);
    EXPECT_EQ(report.width, side);
    EXPECT_TRUE(report.faces.empty());
}

TEST_F(FaceWrapper, SelfieCheckOfAFolderJudgesEveryFileButHiddenOnes) {
    lk::test::TempDirectory dir;
    fs::copy_file(photo, dir.file("a.jpg"));
    lk::test::write_bytes(dir.file("b.txt"), "not a photo");
    lk::test::write_bytes(dir.file(".hidden.jpg"), "not looked at");
    std::vector<uint64_t> done;
    const auto check = analyzer().check_selfies({dir.path()}, [&](const lk_progress& p) {
        done.push_back(p.done);
        return true;
    });
    const nlohmann::json report = nlohmann::json::parse(check.json);
    ASSERT_EQ(report["photo_count"], 2) << check.json;
    EXPECT_EQ(report["photos"][0]["source"], dir.file("a.jpg"));
    EXPECT_EQ(report["photos"][1]["reasons"][0]["code"], "unreadable");
    EXPECT_NE(report["photos"][1]["reasons"][0]["message"].get<std::string>().find("b.txt"),
              std::string::npos);
    EXPECT_EQ(report["verdict"], "not_ready");
    EXPECT_NE(check.text.find("0 of 2 photos accepted"), std::string::npos) << check.text;
    EXPECT_EQ(done, (std::vector<uint64_t>{1, 2}));
}

TEST_F(FaceWrapper, ProgressCallbackThatThrowsStopsTheCheckAndIsRethrown) {
    struct Stop {};
    EXPECT_THROW(analyzer().check_selfies({photo, photo}, [](const lk_progress&) -> bool { throw Stop{}; }),
                 Stop);
}

TEST_F(FaceWrapper, AssessGeneratedGivesTheDecisionAndItsChecks) {
    const nlohmann::json assessment = nlohmann::json::parse(analyzer().assess_generated(likeness::Image::load(photo)));
    ASSERT_TRUE(assessment["keep"].is_boolean());
    EXPECT_EQ(assessment["keep"], assessment["score"].get<double>() >= 50) << assessment.dump();
    EXPECT_EQ(assessment["checks"].size(), 7u) << assessment.dump();
    const std::vector<uint8_t> flat(64 * 64, 128);
    const nlohmann::json empty =
        nlohmann::json::parse(analyzer().assess_generated(lk_image_view{64, 64, 1, 64, flat.data()}));
    EXPECT_EQ(empty["keep"], false);
    EXPECT_EQ(empty["reasons"][0]["code"], "no_face") << empty.dump();
}

TEST_F(FaceWrapper, ScoringConfigChangesTheComponents) {
    lk::test::TempDirectory dir;
    lk::test::write_bytes(dir.file("scoring.json"), R"({"mappings": {"face_size": {"x0": 1000}}})");
    likeness::FaceOptions options;
    options.scoring_config = dir.file("scoring.json");
    const likeness::Context context;
    const auto strict = likeness::FaceAnalyzer::open(context, models, options);
    const likeness::Image image = likeness::Image::load(photo, 3);
    const auto component = [](const likeness::Face& face) {
        for (const likeness::QualityMeasure& m : face.measures)
            if (m.id == "face_size") return m.component;
        return -1.0;
    };
    const likeness::Face ours = strict.analyze(image).faces[0], usual = analyzer().analyze(image).faces[0];
    EXPECT_GT(component(usual), 90);
    EXPECT_LT(component(ours), 1) << "a 240-pixel face against a 1000-pixel midpoint";
    lk::test::write_bytes(dir.file("bad.json"), R"({"mappings": {"no_such_measure": {}}})");
    options.scoring_config = dir.file("bad.json");
    try {
        likeness::FaceAnalyzer::open(context, models, options);
        FAIL() << "an unknown measure id was accepted";
    } catch (const likeness::Error& e) {
        EXPECT_EQ(e.status(), LK_ERR_INVALID_ARGUMENT);
        EXPECT_NE(std::string(e.what()).find("no_such_measure"), std::string::npos) << e.what();
    }
}

// Model folders copied from the real one, then damaged.
class DamagedModels : public FaceWrapper {
protected:
    void SetUp() override {
        FaceWrapper::SetUp();
        if (IsSkipped()) return;
        fs::copy(models, dir_.path(), fs::copy_options::recursive);
    }

    lk_status open_error(std::string& message) const {
        try {
            likeness::FaceAnalyzer::open(context_, dir_.path());
        } catch (const likeness::Error& e) {
            message = e.what();
            return e.status();
        }
        return LK_OK;
    }

    lk::test::TempDirectory dir_;
    likeness::Context context_;
};

TEST_F(DamagedModels, MissingFileIsAnIoErrorNamingIt) {
    fs::remove(dir_.file("face_recognition_model.bin"));
    std::string message;
    EXPECT_EQ(open_error(message), LK_ERR_IO);
    EXPECT_NE(message.find("face_recognition_model.bin"), std::string::npos) << message;
}

TEST_F(DamagedModels, TruncatedFileIsAFormatErrorSayingItsSize) {
    fs::resize_file(dir_.file("face_landmark_68_model.bin"), 1000);
    std::string message;
    EXPECT_EQ(open_error(message), LK_ERR_FORMAT);
    EXPECT_NE(message.find("face_landmark_68_model.bin is 1000 bytes"), std::string::npos) << message;
}

TEST_F(DamagedModels, AlteredByteIsAFormatErrorSayingSha256) {
    const std::string path = dir_.file("ssd_mobilenetv1_model.bin");
    std::fstream file(path, std::ios::in | std::ios::out | std::ios::binary);
    file.seekg(1234);
    const char byte = char(file.get() ^ 0x01);
    file.seekp(1234);
    file.put(byte);
    file.close();
    std::string message;
    EXPECT_EQ(open_error(message), LK_ERR_FORMAT);
    EXPECT_NE(message.find("ssd_mobilenetv1_model.bin has SHA-256"), std::string::npos) << message;
}

}  // namespace
