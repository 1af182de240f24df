// Each measure on controlled inputs: the drawn face, and the same face with one thing changed.
#include "quality/compression_artifacts.h"
#include "quality/crop_margin.h"
#include "quality/detector_confidence.h"
#include "quality/dynamic_range.h"
#include "quality/eyes_open.h"
#include "quality/face_size.h"
#include "quality/head_pose.h"
#include "quality/head_size.h"
#include "quality/illumination_uniformity.h"
#include "quality/inter_eye_distance.h"
#include "quality/luminance_mean.h"
#include "quality/luminance_variance.h"
#include "quality/mouth_closed.h"
#include "quality/natural_colour.h"
#include "quality/over_exposure.h"
#include "quality/report.h"
#include "quality/sharpness.h"
#include "quality/single_face_present.h"
#include "quality/under_exposure.h"

#include "face/mean_shape.h"
#include "quality/synthetic_face.h"
#include "support/error_of.h"
#include "support/images.h"

#include <gtest/gtest.h>

#include <cmath>

namespace lk::quality {
namespace {

test::Scene with_photo(test::Scene scene, Image photo) {
    scene.photo = std::move(photo);
    return scene;
}

double raw(const Measure& measure, const test::Scene& scene) {
    return measure.measure(scene.input());
}

TEST(Measures, DetectorConfidenceAndFaceSizeReadTheDetection) {
    test::Scene scene = test::scene({});
    scene.faces[0].detection.score = 0.7f;
    scene.faces[0].detection.box.height = 123;
    EXPECT_FLOAT_EQ(raw(DetectorConfidence(), scene), 0.7f);
    EXPECT_FLOAT_EQ(raw(FaceSize(), scene), 123);
    const ScoringConfig config;
    EXPECT_LT(DetectorConfidence().component(0.3, config), DetectorConfidence().component(0.9, config));
}

TEST(Measures, InterEyeDistanceIsInPixelsAndCorrectsForYaw) {
    test::FacePlacement at;
    at.eye_distance = 40;
    EXPECT_NEAR(raw(InterEyeDistance(), test::scene(at)), 40, 0.01);
    at.yaw = 30;
    EXPECT_NEAR(raw(InterEyeDistance(), test::scene(at)), 40, 1.5) << "a turned head is not smaller";
    const ScoringConfig config;
    EXPECT_NEAR(InterEyeDistance().component(70, config), 50, 1e-9) << "OFIQ's midpoint";
}

TEST(Measures, HeadSizeIsEyeToChinOverPhotoHeightBestAt045) {
    test::FacePlacement at;
    at.eye_distance = 40, at.centre_y = 60;
    // The generic face's chin is straight below the eye midpoint.
    EXPECT_NEAR(raw(HeadSize(), test::scene(at, 192, 200)), 40 * face::mean_face_3d()[8].y / 200, 1e-3);
    const ScoringConfig config;
    EXPECT_NEAR(HeadSize().component(0.45, config), 100, 1e-9);
    EXPECT_LT(HeadSize().component(0.2, config), HeadSize().component(0.4, config));
    EXPECT_LT(HeadSize().component(0.7, config), HeadSize().component(0.5, config));
}

TEST(Measures, CropMarginsShrinkAsTheFaceNearsAnEdge) {
    test::FacePlacement centred, left, top;
    left.centre_x = 40, top.centre_y = 30;
    const CropMargin margin_left(CropMargin::Side::left), margin_right(CropMargin::Side::right);
    const CropMargin margin_top(CropMargin::Side::top), margin_bottom(CropMargin::Side::bottom);
    const test::Scene c = test::scene(centred), l = test::scene(left), t = test::scene(top);
    // Centred in 192 px with eyes 48 apart: the right eye centre is 72 px from the left edge.
    EXPECT_NEAR(raw(margin_left, c), 72.0 / 48, 1e-3);
    EXPECT_NEAR(raw(margin_right, c), (192 - 120.0) / 48, 1e-3);
    EXPECT_LT(raw(margin_left, l), raw(margin_left, c));
    EXPECT_GT(raw(margin_right, l), raw(margin_right, c));
    EXPECT_LT(raw(margin_top, t), raw(margin_top, c));
    EXPECT_GT(raw(margin_bottom, t), raw(margin_bottom, c));
    const ScoringConfig config;
    EXPECT_LT(margin_left.component(raw(margin_left, l), config),
              margin_left.component(raw(margin_left, c), config));
}

TEST(Measures, PoseMeasuresReadTheLandmarks) {
    test::FacePlacement at;
    at.roll = 15, at.yaw = -20;
    const test::Scene scene = test::scene(at);
    EXPECT_NEAR(raw(HeadPoseAngle(HeadPoseAngle::Axis::roll), scene), 15, 1);
    EXPECT_NEAR(raw(HeadPoseAngle(HeadPoseAngle::Axis::yaw), scene), -20, 3);
    EXPECT_NEAR(raw(HeadPoseAngle(HeadPoseAngle::Axis::pitch), scene), 0, 3);
}

TEST(Measures, ClosingTheEyesLowersEyesOpen) {
    test::Scene open = test::scene({});
    test::Scene closed = open;
    // Lids onto the corners' line: upper lid points 37, 38, 43, 44 down, lower 40, 41, 46, 47 up.
    face::Landmarks68& l = closed.faces[0].landmarks;
    for (int eye : {36, 42}) {
        const float line = (l[eye].y + l[eye + 3].y) / 2;
        for (int i : {1, 2, 4, 5}) l[eye + i].y = line + (l[eye + i].y - line) * 0.1f;
    }
    const EyesOpen eyes;
    const double open_ratio = raw(eyes, open), closed_ratio = raw(eyes, closed);
    EXPECT_NEAR(open_ratio, 0.30, 0.02) << "the generic face's eyes";
    EXPECT_LT(closed_ratio, 0.05);
    const ScoringConfig config;
    EXPECT_GT(eyes.component(open_ratio, config), 95);
    EXPECT_LT(eyes.component(closed_ratio, config), 10);
}

TEST(Measures, OpeningTheMouthLowersMouthClosed) {
    test::Scene closed = test::scene({});
    test::Scene open = closed;
    face::Landmarks68& l = open.faces[0].landmarks;
    for (int i : {65, 66, 67}) l[i].y += 0.6f * 48;
    for (int i : {55, 56, 57, 58, 59}) l[i].y += 0.6f * 48;
    const MouthClosed mouth;
    const ScoringConfig config;
    EXPECT_GT(mouth.component(raw(mouth, closed), config), 90);
    EXPECT_LT(mouth.component(raw(mouth, open), config), 20);
}

TEST(Measures, BlurLowersSharpness) {
    const test::Scene sharp = test::scene({});
    const test::Scene blurred = with_photo(sharp, test::box_blurred(sharp.photo, 3));
    const Sharpness sharpness;
    const double s = raw(sharpness, sharp), b = raw(sharpness, blurred);
    EXPECT_LT(b, s / 4) << "sharp " << s << ", blurred " << b;
    const ScoringConfig config;
    EXPECT_LT(sharpness.component(b, config), sharpness.component(s, config));
}

TEST(Measures, SharpnessDoesNotDependOnTheSharedCropSize) {
    const test::Scene scene = test::scene({});
    const Sharpness sharpness;
    const double small = sharpness.measure(make_measure_input(scene.photo.view(), scene.faces, 0, 96));
    const double large = sharpness.measure(make_measure_input(scene.photo.view(), scene.faces, 0, 384));
    EXPECT_DOUBLE_EQ(small, large);
}

TEST(Measures, DarkeningLowersLuminanceAndRaisesUnderExposure) {
    const test::Scene normal = test::scene({});
    const test::Scene dark = with_photo(normal, test::scaled_brightness(normal.photo, 0.25));
    const LuminanceMean mean;
    const UnderExposure under;
    EXPECT_LT(raw(mean, dark), raw(mean, normal) / 4);
    EXPECT_LT(raw(under, normal), 0.05);
    EXPECT_GT(raw(under, dark), 0.5);
    const ScoringConfig config;
    EXPECT_LT(mean.component(raw(mean, dark), config), mean.component(raw(mean, normal), config));
    EXPECT_LT(under.component(raw(under, dark), config), under.component(raw(under, normal), config));
}

TEST(Measures, BrighteningRaisesOverExposureAndTooBrightLowersLuminanceComponent) {
    const test::Scene normal = test::scene({});
    const test::Scene bright = with_photo(normal, test::scaled_brightness(normal.photo, 3));
    const OverExposure over;
    const LuminanceMean mean;
    EXPECT_LT(raw(over, normal), 0.01);
    EXPECT_GT(raw(over, bright), 0.5);
    const ScoringConfig config;
    EXPECT_LT(over.component(raw(over, bright), config), over.component(raw(over, normal), config));
    EXPECT_LT(mean.component(0.95, config), mean.component(0.5, config)) << "two-sided";
    EXPECT_LT(mean.component(0.05, config), mean.component(0.5, config)) << "two-sided";
}

TEST(Measures, AFlatFaceHasLessDynamicRangeAndLuminanceVariance) {
    test::Scene textured = test::scene({});
    const test::Scene flat = with_photo(textured, test::constant(192, 192, 3, 150));
    const DynamicRange range;
    const LuminanceVariance variance;
    EXPECT_NEAR(raw(range, flat), 0, 1e-9);
    EXPECT_GT(raw(range, textured), 3);
    EXPECT_NEAR(raw(variance, flat), 0, 1e-12);
    EXPECT_GT(raw(variance, textured), raw(variance, flat));
    const ScoringConfig config;
    EXPECT_LT(range.component(raw(range, flat), config), range.component(raw(range, textured), config));
    EXPECT_LT(variance.component(0, config), variance.component(1.0 / 60, config));
}

TEST(Measures, ShadingOneSideLowersIlluminationUniformity) {
    const test::Scene even = test::scene({});
    Image half = even.photo;
    // Darken the image's left half, where the subject's right cheek is.
    for (uint32_t y = 0; y < 192; ++y)
        for (uint32_t x = 0; x < 96; ++x)
            for (int c = 0; c < 3; ++c) half.data()[(y * 192 + x) * 3 + c] /= 3;
    const IlluminationUniformity uniformity;
    const double e = raw(uniformity, even), s = raw(uniformity, with_photo(even, half));
    EXPECT_GT(e, 0.6);
    EXPECT_LT(s, 0.1);
    const ScoringConfig config;
    EXPECT_LT(uniformity.component(s, config), uniformity.component(e, config));
}

TEST(Measures, ABlueCastMakesColourUnnatural) {
    const test::Scene skin = test::scene({});
    Image blue = skin.photo;
    for (std::size_t i = 0; i < std::size_t(192) * 192; ++i) {
        blue.data()[i * 3] = uint8_t(blue.data()[i * 3] * 0.5);
        blue.data()[i * 3 + 2] = 230;
    }
    const NaturalColour colour;
    const double natural = raw(colour, skin), cast = raw(colour, with_photo(skin, blue));
    EXPECT_LT(natural, 1) << "the drawn skin's a* and b* lie in OFIQ's box";
    EXPECT_GT(cast, 20);
    const ScoringConfig config;
    EXPECT_LT(colour.component(cast, config), colour.component(natural, config));
    EXPECT_DOUBLE_EQ(raw(colour, with_photo(skin, test::constant(192, 192, 3, 128))), 0)
        << "grey photos are not judged, as OFIQ";
}

TEST(Measures, CoarseJpegRaisesCompressionArtifacts) {
    const test::Scene original = test::scene({});
    const CompressionArtifacts artifacts;
    const double q95 = raw(artifacts, with_photo(original, test::jpeg_round_trip(original.photo, 95)));
    const double q10 = raw(artifacts, with_photo(original, test::jpeg_round_trip(original.photo, 10)));
    EXPECT_NEAR(raw(artifacts, original), 1, 0.1) << "an uncompressed drawing has no grid";
    EXPECT_GT(q10, q95 + 0.3) << "q10 " << q10 << ", q95 " << q95;
    const ScoringConfig config;
    EXPECT_LT(artifacts.component(q10, config), artifacts.component(q95, config));
}

TEST(Measures, ASecondSmallerFaceLowersSingleFacePresent) {
    test::Scene one = test::scene({});
    test::Scene two = one;
    face::Face small = one.faces[0];
    small.detection.box.width /= 2, small.detection.box.height /= 2;
    two.faces.push_back(small);
    const SingleFacePresent single;
    EXPECT_DOUBLE_EQ(raw(single, one), 0);
    EXPECT_NEAR(raw(single, two), 0.25, 1e-6);
    // The judged face does not matter: it is about the photo.
    EXPECT_NEAR(single.measure(two.input(1)), 0.25, 1e-6);
    const ScoringConfig config;
    EXPECT_DOUBLE_EQ(single.component(0, config), 100);
    EXPECT_NEAR(single.component(0.25, config), 75, 1e-9);
}

TEST(Measures, InputNeedsAnRgbPhotoAFaceInItAndFiniteGeometry) {
    const test::Scene scene = test::scene({});
    const Image gray = test::constant(64, 64, 1, 0);
    EXPECT_NE(test::error_of(LK_ERR_INVALID_ARGUMENT,
                             [&] { make_measure_input(gray.view(), scene.faces, 0); })
                  .find("3 channels"),
              std::string::npos);
    EXPECT_NE(test::error_of(LK_ERR_INVALID_ARGUMENT, [&] { scene.input(1); }).find("1 face"),
              std::string::npos);
    test::Scene bad = scene;
    bad.faces[0].landmarks[12].y = std::nanf("");
    EXPECT_NE(test::error_of(LK_ERR_INVALID_ARGUMENT, [&] { bad.input(); }).find("landmark 12"),
              std::string::npos);
    bad = scene;
    bad.faces[0].detection.box.width = -3;
    EXPECT_NE(test::error_of(LK_ERR_INVALID_ARGUMENT, [&] { bad.input(); }).find("face 0's detection"),
              std::string::npos);
}

TEST(Measures, EveryIdHasOneMeasureInOrder) {
    const auto measures = all_measures();
    ASSERT_EQ(measures.size(), measure_id::all.size());
    for (std::size_t i = 0; i < measures.size(); ++i) {
        EXPECT_EQ(measures[i]->id(), measure_id::all[i]);
        EXPECT_FALSE(measures[i]->unit().empty()) << measures[i]->id();
    }
}

}  // namespace
}  // namespace lk::quality
