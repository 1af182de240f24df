#include "quality/assess.h"

#include "quality/synthetic_face.h"

#include <gtest/gtest.h>

#include <cmath>

namespace lk::quality {
namespace {

double unified(const test::Scene& scene) { return assess(scene.input(), ScoringConfig()).unified; }

TEST(Assess, ReportsEveryMeasureWithComponentsInRange) {
    const FaceQuality quality = assess(test::scene({}).input(), ScoringConfig());
    ASSERT_EQ(quality.measures.size(), measure_id::all.size());
    for (const MeasureResult& m : quality.measures) {
        EXPECT_GE(m.component, 0) << m.id;
        EXPECT_LE(m.component, 100) << m.id;
        EXPECT_EQ(quality.find(m.id), &m);
    }
    EXPECT_EQ(quality.find("no_such_measure"), nullptr);
    EXPECT_GT(quality.unified, 0);
    EXPECT_LE(quality.unified, 100);
}

TEST(Assess, UnifiedScoreFallsWithBlurDarknessClosedEyesAndPose) {
    const test::Scene good = test::scene({});
    const double base = unified(good);

    test::Scene blurred = good;
    blurred.photo = test::box_blurred(good.photo, 3);
    test::Scene dark = good;
    dark.photo = test::scaled_brightness(good.photo, 0.2);
    test::Scene closed = good;
    for (int i : {37, 38, 43, 44}) closed.faces[0].landmarks[i].y += 0.12f * 48;
    test::FacePlacement turned_at;
    turned_at.yaw = 45;
    const test::Scene turned = test::scene(turned_at);

    EXPECT_LT(unified(blurred), base - 1) << "blur";
    EXPECT_LT(unified(dark), base - 1) << "darkness";
    EXPECT_LT(unified(closed), base - 1) << "closed eyes";
    EXPECT_LT(unified(turned), base - 1) << "pose";
}

TEST(Assess, ConfiguredConstantsReachTheReport) {
    // The drawn face's eyes are 48 pixels apart: moving the midpoint there gives 50.
    const ScoringConfig config =
        ScoringConfig::from_json(R"({"mappings": {"inter_eye_distance": {"x0": 48}}})");
    const FaceQuality quality = assess(test::scene({}).input(), config);
    EXPECT_NEAR(quality.find(measure_id::inter_eye_distance)->component, 50, 0.1);
    EXPECT_LT(assess(test::scene({}).input(), ScoringConfig()).find(measure_id::inter_eye_distance)->component, 30);
}

TEST(Assess, UnifiedScoreIsTheWeightedGeometricMean) {
    FaceQuality quality;
    quality.measures = {{"sharpness", 0, 25}, {"roll", 0, 100}, {"face_size", 0, 0}};
    // Of the default weights only sharpness and roll are in the report (face_size is not
    // weighted): sqrt(0.25 * 1) = 0.5.
    EXPECT_NEAR(unified_score(quality, ScoringConfig()), 50, 1e-9);
    const ScoringConfig sharp_heavy = ScoringConfig::from_json(R"({"unified_weights": {"sharpness": 3}})");
    // (0.25^3 * 1)^(1/4).
    EXPECT_NEAR(unified_score(quality, sharp_heavy), 100 * std::pow(0.25, 0.75), 1e-9);
}

}  // namespace
}  // namespace lk::quality
