#include "gan/seeds.h"

#include "support/error_of.h"

#include <ATen/ATen.h>
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <cstdint>
#include <fstream>
#include <string>
#include <vector>

namespace lk::gan {
namespace {

// Drawn by numpy itself (tests/gan/make_seed_fixture.py).
const nlohmann::json& numpy_fixture() {
    static const nlohmann::json fixture = [] {
        std::ifstream file(std::string(LIKENESS_TEST_DATA) + "/gan/numpy_randn.json");
        return nlohmann::json::parse(file);
    }();
    return fixture;
}

std::vector<double> concatenated(const std::vector<std::vector<double>>& parts) {
    std::vector<double> all;
    for (const auto& part : parts) {
        all.insert(all.end(), part.begin(), part.end());
    }
    return all;
}

// Element by element, so that a mismatch names its seed and index; == on doubles because a
// seed must give exactly numpy's latent, not a nearby one.
void expect_identical(const std::vector<double>& actual, const std::vector<double>& expected,
                      const std::string& what) {
    ASSERT_EQ(actual.size(), expected.size()) << what;
    for (std::size_t i = 0; i < expected.size(); ++i) {
        ASSERT_EQ(actual[i], expected[i]) << what << ", value " << i;
    }
}

TEST(LegacyRandomState, RandnEqualsNumpysForEverySeedBitForBit) {
    for (const auto& entry : numpy_fixture()["randn"]) {
        const auto seed = entry["seed"].get<std::int64_t>();
        const auto expected = entry["values"].get<std::vector<double>>();
        expect_identical(LegacyRandomState(seed).randn(expected.size()), expected,
                         "seed " + std::to_string(seed));
    }
}

TEST(LegacyRandomState, RandomSampleEqualsNumpysForEverySeedBitForBit) {
    for (const auto& entry : numpy_fixture()["random_sample"]) {
        const auto seed = entry["seed"].get<std::int64_t>();
        const auto expected = entry["values"].get<std::vector<double>>();
        LegacyRandomState state(seed);
        std::vector<double> actual;
        for (std::size_t i = 0; i < expected.size(); ++i) {
            actual.push_back(state.random_sample());
        }
        expect_identical(actual, expected, "seed " + std::to_string(seed));
    }
}

TEST(LegacyRandomState, ConsecutiveRandnCallsContinueTheSeedsStreamAcrossTheKeptNormal) {
    const auto& split = numpy_fixture()["split"];
    LegacyRandomState state(split["seed"].get<std::int64_t>());
    std::vector<std::vector<double>> ours;
    for (const auto& call : split["calls"]) {
        const auto expected = call.get<std::vector<double>>();
        ours.push_back(state.randn(expected.size()));
        expect_identical(ours.back(), expected, "call " + std::to_string(ours.size()));
    }
    const auto all = concatenated(ours);
    expect_identical(LegacyRandomState(split["seed"].get<std::int64_t>()).randn(all.size()), all,
                     "one call");
}

TEST(LegacyRandomState, StandardNormalDrawsTheSeedsRandnStream) {
    LegacyRandomState one_by_one(1234);
    std::vector<double> drawn;
    for (int i = 0; i < 9; ++i) {
        drawn.push_back(one_by_one.standard_normal());
    }
    expect_identical(drawn, LegacyRandomState(1234).randn(9), "seed 1234");
}

TEST(LegacyRandomState, RefusesSeedsNumpyRefuses) {
    for (const std::int64_t seed : {std::int64_t{-1}, std::int64_t{1} << 32, INT64_MIN, INT64_MAX}) {
        const std::string message =
            test::error_of(LK_ERR_INVALID_ARGUMENT, [&] { LegacyRandomState state(seed); });
        EXPECT_NE(message.find(std::to_string(seed)), std::string::npos) << message;
        EXPECT_NE(message.find("4294967295"), std::string::npos) << message;
    }
}

TEST(LatentsFromSeeds, RowsAreNumpysLatentsRoundedToFloat32) {
    const auto& latents = numpy_fixture()["latents"];
    const auto seeds = latents["seeds"].get<std::vector<std::int64_t>>();
    const auto z_dim = latents["z_dim"].get<std::int64_t>();
    const auto expected = latents["values"].get<std::vector<std::vector<double>>>();

    const at::Tensor actual = latents_from_seeds(seeds, z_dim);
    ASSERT_EQ(actual.scalar_type(), at::kFloat);
    ASSERT_EQ(actual.sizes(), at::IntArrayRef({std::int64_t(seeds.size()), z_dim}));
    ASSERT_TRUE(actual.is_contiguous());
    for (std::size_t row = 0; row < seeds.size(); ++row) {
        const at::Tensor values = actual[std::int64_t(row)].to(at::kDouble);
        expect_identical(std::vector<double>(values.data_ptr<double>(),
                                             values.data_ptr<double>() + z_dim),
                         expected[row], "seed " + std::to_string(seeds[row]));
    }
}

TEST(LatentsFromSeeds, RowsMatchTheFixturesFloat64StreamForEverySeed) {
    std::vector<std::int64_t> seeds;
    std::vector<std::vector<double>> streams;
    for (const auto& entry : numpy_fixture()["randn"]) {
        seeds.push_back(entry["seed"].get<std::int64_t>());
        streams.push_back(entry["values"].get<std::vector<double>>());
    }
    const std::int64_t z_dim = 512;
    const at::Tensor actual = latents_from_seeds(seeds, z_dim);
    const float* values = actual.data_ptr<float>();
    for (std::size_t row = 0; row < seeds.size(); ++row) {
        for (std::int64_t i = 0; i < z_dim; ++i) {
            ASSERT_EQ(values[row * z_dim + i], static_cast<float>(streams[row][i]))
                << "seed " << seeds[row] << ", value " << i;
        }
    }
}

TEST(LatentsFromSeeds, RepeatedSeedsGiveIdenticalRows) {
    const at::Tensor latents = latents_from_seeds({42, 7, 42}, 512);
    EXPECT_TRUE(at::equal(latents[0], latents[2]));
    EXPECT_FALSE(at::equal(latents[0], latents[1]));
}

TEST(LatentsFromSeeds, NoSeedsGiveAnEmptyBatch) {
    EXPECT_EQ(latents_from_seeds({}, 512).sizes(), at::IntArrayRef({0, 512}));
}

TEST(LatentsFromSeeds, RefusesAnOutOfRangeSeedAnywhereInTheList) {
    const std::string message = test::error_of(
        LK_ERR_INVALID_ARGUMENT, [] { latents_from_seeds({0, 1, 4294967296}, 512); });
    EXPECT_NE(message.find("4294967296"), std::string::npos) << message;
}

TEST(LatentsFromSeeds, RefusesANonPositiveZDim) {
    for (const std::int64_t z_dim : {0, -512}) {
        const std::string message =
            test::error_of(LK_ERR_INVALID_ARGUMENT, [&] { latents_from_seeds({0}, z_dim); });
        EXPECT_NE(message.find(std::to_string(z_dim)), std::string::npos) << message;
    }
}

}  // namespace
}  // namespace lk::gan
