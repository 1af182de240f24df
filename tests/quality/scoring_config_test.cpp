#include "quality/scoring_config.h"

#include "quality/report.h"
#include "support/error_of.h"
#include "support/temp_directory.h"

#include <gtest/gtest.h>

#include <cmath>

namespace lk::quality {
namespace {

std::string refusal(const std::string& json) {
    return test::error_of(LK_ERR_INVALID_ARGUMENT, [&] { ScoringConfig::from_json(json); });
}

bool mentions(const std::string& message, const std::string& part) {
    return message.find(part) != std::string::npos;
}

TEST(ScoringConfig, DefaultsFollowOfiqsSigmoidForm) {
    const ScoringConfig config;
    // InterEyeDistance: h 100, x0 70, w 20.
    EXPECT_NEAR(config.map(measure_id::inter_eye_distance, 70), 50, 1e-9);
    EXPECT_NEAR(config.map(measure_id::inter_eye_distance, 90), 100 / (1 + std::exp(-1.0)), 1e-9);
    // UnderExposurePrevention: 120 * (0.832 - sigmoid((x - 0.92) / 0.05)), clipped to [0, 100].
    EXPECT_NEAR(config.map(measure_id::under_exposure, 0), 120 * (0.832 - 1 / (1 + std::exp(18.4))), 1e-9);
    EXPECT_NEAR(config.map(measure_id::under_exposure, 0.92), 120 * (0.832 - 0.5), 1e-9);
    EXPECT_DOUBLE_EQ(config.map(measure_id::under_exposure, 1), 0) << "clipped at 0";
    // LuminanceMean is the product of its two terms.
    EXPECT_NEAR(config.map(measure_id::luminance_mean, 0.2), 50 * (1 - 1 / (1 + std::exp(12.0))), 1e-9);
}

TEST(ScoringConfig, JsonConstantsTakeEffectAndTheRestKeepsItsDefaults) {
    const ScoringConfig config = ScoringConfig::from_json(R"({
        "mappings": {"inter_eye_distance": {"x0": 90},
                     "luminance_mean": [{}, {"x0": 0.6}]},
        "unified_weights": {"sharpness": 3, "yaw": 0}})");
    EXPECT_NEAR(config.map(measure_id::inter_eye_distance, 90), 50, 1e-9);
    EXPECT_DOUBLE_EQ(config.mapping(measure_id::inter_eye_distance)[0].w, 20) << "kept";
    EXPECT_DOUBLE_EQ(config.mapping(measure_id::luminance_mean)[1].x0, 0.6);
    EXPECT_DOUBLE_EQ(config.mapping(measure_id::luminance_mean)[0].x0, 0.2);
    EXPECT_DOUBLE_EQ(config.unified_weights().at("sharpness"), 3);
    EXPECT_DOUBLE_EQ(config.unified_weights().at("yaw"), 0);
    EXPECT_DOUBLE_EQ(config.unified_weights().at("roll"), 1);
}

TEST(ScoringConfig, ReadsAFile) {
    test::TempDirectory dir;
    const std::string path = dir.file("scoring.json");
    test::write_bytes(path, R"({"mappings": {"sharpness": {"h": 50}}})");
    EXPECT_DOUBLE_EQ(ScoringConfig::from_file(path).mapping(measure_id::sharpness)[0].h, 50);
    EXPECT_TRUE(mentions(
        test::error_of(LK_ERR_IO, [&] { ScoringConfig::from_file(dir.file("none.json")); }),
        "none.json"));
}

TEST(ScoringConfig, BadConfigIsRefusedNamingTheKey) {
    EXPECT_TRUE(mentions(refusal("{"), "not valid JSON"));
    EXPECT_TRUE(mentions(refusal("[]"), "JSON object"));
    EXPECT_TRUE(mentions(refusal(R"({"weights": {}})"), "\"weights\""));
    EXPECT_TRUE(mentions(refusal(R"({"mappings": {"blur": {}}})"), "mappings.blur"));
    EXPECT_TRUE(mentions(refusal(R"({"mappings": {"sharpness": {"x1": 2}}})"), "mappings.sharpness.x1"));
    EXPECT_TRUE(mentions(refusal(R"({"mappings": {"sharpness": {"w": "wide"}}})"), "mappings.sharpness.w"));
    EXPECT_TRUE(mentions(refusal(R"({"mappings": {"sharpness": {"w": 0}}})"), "must not be 0"));
    EXPECT_TRUE(mentions(refusal(R"({"mappings": {"sharpness": {"h": 1e999}}})"), "not valid JSON"));
    EXPECT_TRUE(mentions(refusal(R"({"mappings": {"luminance_mean": {"x0": 1}}})"), "2 objects"));
    EXPECT_TRUE(mentions(refusal(R"({"mappings": {"yaw": {"x0": 1}}})"), "fixed mapping"));
    EXPECT_TRUE(mentions(refusal(R"({"unified_weights": {"roll": -1}})"), "unified_weights.roll"));
    EXPECT_TRUE(mentions(refusal(R"({"mappings": 3})"), "\"mappings\""));
}

TEST(ScoringConfig, AMeasureWithoutSigmoidHasNoMapping) {
    EXPECT_TRUE(mentions(test::error_of(LK_ERR_INVALID_ARGUMENT,
                                        [] { ScoringConfig().mapping(measure_id::roll); }),
                         "roll"));
}

}  // namespace
}  // namespace lk::quality
