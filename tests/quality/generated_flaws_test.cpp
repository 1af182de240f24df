#include "quality/generated_flaws.h"

#include "io/image_file.h"
#include "quality/analysed_photos.h"
#include "quality/spectral_images.h"
#include "quality/landmark_shape.h"
#include "support/error_of.h"
#include "support/images.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <random>

namespace lk::quality {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;

constexpr uint32_t side = 256;
constexpr float eye_distance = 60;

// A photo-like 256x256 texture: no face in its pixels, but nothing the spectral check objects to.
const Image& clean_image() {
    static const Image image = test::photo_like_texture(side, 2);
    return image;
}

// A generated face with nothing wrong: confident, mean-shaped, well exposed.
PhotoAnalysis clean_face() {
    PhotoAnalysis p;
    p.source = "seed0001.png";
    p.width = p.height = side;
    p.faces = {test::face_at(128, 110, eye_distance)};
    p.quality = {test::good_quality(eye_distance)};
    return p;
}

std::vector<std::string> codes(const std::vector<Reason>& reasons) {
    std::vector<std::string> out;
    for (const Reason& r : reasons) out.push_back(r.code);
    return out;
}

std::vector<std::string> flaws_of(const PhotoAnalysis& p, const Image& image = clean_image()) {
    return codes(assess_generated_face(p, image, {}).reasons);
}

void move_points(PhotoAnalysis& p, int first, int last, float dx, float dy) {
    for (int i = first; i <= last; ++i) {
        p.faces[0].landmarks[i].x += dx * eye_distance;
        p.faces[0].landmarks[i].y += dy * eye_distance;
    }
}

TEST(GeneratedFlaws, ACleanFaceHasNoFlawsAndIsKept) {
    const FlawReport report = assess_generated_face(clean_face(), clean_image(), {});
    EXPECT_TRUE(report.reasons.empty()) << to_json(report).dump(2);
    EXPECT_GT(report.score, 75);
    std::vector<std::string> ids;
    for (const FlawCheck& c : report.checks) ids.push_back(c.id);
    EXPECT_THAT(ids, ElementsAre("detection", "landmark_shape", "asymmetry", "eye_width_ratio",
                                 "under_exposure", "over_exposure", "spectral_tail"));
    const FilterDecision decision = filter_decision(report, {});
    EXPECT_TRUE(decision.keep);
    EXPECT_TRUE(decision.reasons.empty());
}

TEST(GeneratedFlaws, NoFaceScoresZero) {
    PhotoAnalysis p = clean_face();
    p.faces.clear();
    p.quality.clear();
    const FlawReport report = assess_generated_face(p, clean_image(), {});
    EXPECT_THAT(codes(report.reasons), ElementsAre("no_face"));
    EXPECT_EQ(report.score, 0);
    EXPECT_FALSE(filter_decision(report, {}).keep);
}

TEST(GeneratedFlaws, AWeakDetectionIsFlagged) {
    PhotoAnalysis p = clean_face();
    p.faces[0].detection.score = 0.3f;
    EXPECT_THAT(flaws_of(p), ElementsAre("weak_detection"));
}

TEST(GeneratedFlaws, ShuffledLandmarksAreImplausible) {
    PhotoAnalysis p = clean_face();
    std::shuffle(p.faces[0].landmarks.begin(), p.faces[0].landmarks.end(), std::mt19937(1));
    const FlawReport report = assess_generated_face(p, clean_image(), {});
    EXPECT_THAT(codes(report.reasons), ::testing::Contains("implausible_landmarks"));
    EXPECT_GT(report.checks[1].value, 0.5);
}

TEST(GeneratedFlaws, OneEyeHigherThanTheOtherIsAsymmetric) {
    PhotoAnalysis p = clean_face();
    move_points(p, 42, 47, 0, -0.4f);  // the left eye, 0.4 eye distances up
    const FlawReport report = assess_generated_face(p, clean_image(), {});
    EXPECT_THAT(codes(report.reasons), ElementsAre("asymmetric_face"));
    EXPECT_THAT(report.reasons[0].message, HasSubstr("the eyes differ"));
}

TEST(GeneratedFlaws, AMouthPulledToOneSideIsAsymmetric) {
    PhotoAnalysis p = clean_face();
    move_points(p, 48, 67, 0.4f, 0);
    const FlawReport report = assess_generated_face(p, clean_image(), {});
    EXPECT_THAT(codes(report.reasons), ElementsAre("asymmetric_face"));
}

TEST(GeneratedFlaws, AnEyeTwiceTheOthersSizeIsFlagged) {
    PhotoAnalysis p = clean_face();
    face::Landmarks68& l = p.faces[0].landmarks;
    const face::Point c = face::centroid(l, 42, 47);
    for (int i = 42; i <= 47; ++i) l[i] = {c.x + 2 * (l[i].x - c.x), c.y + 2 * (l[i].y - c.y)};
    const FlawReport report = assess_generated_face(p, clean_image(), {});
    EXPECT_THAT(codes(report.reasons), ::testing::Contains("unequal_eyes"));
    EXPECT_NEAR(report.checks[3].value, 2, 0.01);
}

TEST(GeneratedFlaws, ExposureFaultsComeFromTheQualityComponents) {
    PhotoAnalysis dark = clean_face(), bright = clean_face();
    test::set_measure(dark.quality[0], measure_id::under_exposure, 0.7, 10);
    test::set_measure(bright.quality[0], measure_id::over_exposure, 0.4, 25);
    EXPECT_THAT(flaws_of(dark), ElementsAre("underexposed"));
    EXPECT_THAT(flaws_of(bright), ElementsAre("overexposed"));
}

TEST(GeneratedFlaws, UpsamplingArtifactsAreFoundInThePixels) {
    PhotoAnalysis p = clean_face();
    const Image upsampled = test::upsample_2x(test::half_size(clean_image()), true);
    const FlawReport report = assess_generated_face(p, upsampled, {});
    EXPECT_THAT(codes(report.reasons), ElementsAre("upsampling_artifacts"));
    EXPECT_THAT(report.reasons[0].message, HasSubstr("dB towards the highest frequencies"));
}

// The landmark checks allow for the pose: turned and tilted heads seen from selfie distance,
// with landmark noise of 2% of the eye distance, pass all three.
TEST(GeneratedFlaws, PosedFacesWithNoisyLandmarksPassTheLandmarkChecks) {
    std::mt19937 rng(7);
    std::normal_distribution<float> noise(0, 0.02f);
    for (int yaw = -45; yaw <= 45; yaw += 15)
        for (int pitch = -25; pitch <= 25; pitch += 25)
            for (double camera : {0.0, 10.0, 6.0}) {
                SCOPED_TRACE(::testing::Message() << "yaw " << yaw << " pitch " << pitch
                                                  << " camera " << camera);
                face::Landmarks68 shape = posed_mean_face(yaw, pitch, camera);
                for (face::Point& q : shape) q = {q.x + noise(rng), q.y + noise(rng)};
                PhotoAnalysis p = clean_face();
                p.faces[0].landmarks = test::place(shape, 128, 110, eye_distance);
                EXPECT_THAT(flaws_of(p), ::testing::IsEmpty());
            }
}

// Past 30 degrees of yaw the far eye is too foreshortened for landmark noise to leave its width
// comparable: the check is left out rather than guessed.
TEST(GeneratedFlaws, TheEyeCheckIsLeftOutForStronglyTurnedFaces) {
    auto has_eye_check = [](double yaw) {
        PhotoAnalysis p = clean_face();
        p.faces[0].landmarks = test::place(posed_mean_face(yaw, 0, 0), 128, 110, eye_distance);
        const FlawReport report = assess_generated_face(p, clean_image(), {});
        return std::any_of(report.checks.begin(), report.checks.end(),
                           [](const FlawCheck& c) { return c.id == "eye_width_ratio"; });
    };
    EXPECT_TRUE(has_eye_check(-30));
    EXPECT_TRUE(has_eye_check(25));
    EXPECT_FALSE(has_eye_check(35));
    EXPECT_FALSE(has_eye_check(-50));
}

TEST(LandmarkShape, TheFitFindsThePoseItWasGiven) {
    const LandmarkShape fit = fit_landmark_shape(posed_mean_face(30, -10, 8));
    EXPECT_EQ(fit.yaw_deg, 30);
    EXPECT_EQ(fit.pitch_deg, -10);
    EXPECT_EQ(fit.camera_distance, 8);
    EXPECT_NEAR(fit.procrustes_distance, 0, 1e-3);
    EXPECT_NEAR(fit.asymmetry, 0, 1e-3);
    EXPECT_NEAR(fit.eye_width_ratio, 1, 1e-3);
}

TEST(LandmarkShape, LandmarksInOnePointAreNotAFace) {
    face::Landmarks68 same;
    same.fill({5, 5});
    EXPECT_EQ(fit_landmark_shape(same).procrustes_distance, 1);
}

TEST(GeneratedFlaws, AStricterMinimumScoreRejectsWithTheWeakestCheck) {
    PhotoAnalysis p = clean_face();
    p.faces[0].detection.score = 0.6f;  // passes, but scores 60
    FlawOptions strict;
    strict.min_score = 70;
    const FlawReport report = assess_generated_face(p, clean_image(), strict);
    const FilterDecision decision = filter_decision(report, strict);
    EXPECT_FALSE(decision.keep);
    EXPECT_THAT(codes(decision.reasons), ElementsAre("low_score"));
    EXPECT_THAT(decision.reasons[0].message, HasSubstr("the weakest check is detection (60)"));
    const nlohmann::json j = to_json(report, decision);
    EXPECT_EQ(j["keep"], false);
    EXPECT_EQ(j["reasons"][0]["code"], "low_score");
    EXPECT_TRUE(to_json(report, filter_decision(report, {}))["keep"].get<bool>());
}

TEST(GeneratedFlaws, ARejectedFaceCarriesEveryReason) {
    PhotoAnalysis p = clean_face();
    p.faces[0].detection.score = 0.2f;
    test::set_measure(p.quality[0], measure_id::under_exposure, 0.7, 10);
    const FlawReport report = assess_generated_face(p, clean_image(), {});
    const FilterDecision decision = filter_decision(report, {});
    EXPECT_FALSE(decision.keep);
    EXPECT_THAT(codes(decision.reasons), ElementsAre("weak_detection", "underexposed"));
    const nlohmann::json j = to_json(report);
    EXPECT_EQ(j["source"], "seed0001.png");
    EXPECT_EQ(j["reasons"].size(), 2u);
    EXPECT_EQ(j["checks"][0]["id"], "detection");
    EXPECT_DOUBLE_EQ(j["checks"][0]["value"].get<double>(), 0.2f);
}

TEST(GeneratedFlaws, OptionsOutOfRangeAreRefusedByName) {
    FlawOptions o;
    o.max_asymmetry = 0;
    EXPECT_THAT(test::error_of(LK_ERR_INVALID_ARGUMENT,
                               [&] { assess_generated_face(clean_face(), clean_image(), o); }),
                HasSubstr("option max_asymmetry is 0"));
    o = {};
    o.max_eye_width_ratio = 0.5;
    EXPECT_THAT(test::error_of(LK_ERR_INVALID_ARGUMENT,
                               [&] { assess_generated_face(clean_face(), clean_image(), o); }),
                HasSubstr("option max_eye_width_ratio is 0.5"));
    o = {};
    o.min_score = 101;
    const FlawReport report = assess_generated_face(clean_face(), clean_image(), {});
    EXPECT_THAT(test::error_of(LK_ERR_INVALID_ARGUMENT, [&] { filter_decision(report, o); }),
                HasSubstr("option min_score is 101; expected a number from 0 to 100"));
}

TEST(GeneratedFlaws, AnImageOfAnotherSizeThanItsAnalysisIsRefused) {
    const std::string message = test::error_of(LK_ERR_INVALID_ARGUMENT, [] {
        assess_generated_face(clean_face(), test::gradient(128, 128, 3), {});
    });
    EXPECT_THAT(message, HasSubstr("seed0001.png"));
    EXPECT_THAT(message, HasSubstr("128x128 but its analysis is of a 256x256 image"));
}

// The damaged variants of a real photo: the clean one is kept, each damage rejected for what
// it is.
TEST(GeneratedFlaws, DamagedDemoPhotosAreEachRejectedForTheirOwnFlaw) {
    const std::vector<std::string> photos = test::demo_photos();
    if (photos.empty())
        GTEST_SKIP() << "face-api's demo photos are missing (" << LIKENESS_DEMO_PHOTOS
                     << "): scripts/setup.sh installs the npm packages";
    const Image photo = io::load_image(photos[0], 1);
    // The face's analysis is made up; the pixels are the photo's, damaged or not.
    auto flaws_with = [](const Image& pixels) {
        PhotoAnalysis p = clean_face();
        p.width = pixels.width();
        p.height = pixels.height();
        return flaws_of(p, pixels);
    };
    EXPECT_THAT(flaws_with(photo), ::testing::IsEmpty());
    EXPECT_THAT(flaws_with(test::upsample_2x(test::half_size(photo), false)),
                ElementsAre("upsampling_artifacts"));
    EXPECT_THAT(flaws_with(test::upsample_2x(test::half_size(photo), true)),
                ElementsAre("upsampling_artifacts"));
    EXPECT_THAT(flaws_with(test::gaussian_blur(photo, 1.5)), ::testing::IsEmpty());
}

}  // namespace
}  // namespace lk::quality
