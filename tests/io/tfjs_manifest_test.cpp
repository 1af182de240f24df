// TensorFlow.js weight manifests: parsing, decoding every stored form, and refusing bad ones.
#include "io/tfjs_manifest.h"

#include "core/error.h"
#include "io/file.h"
#include "support/error_of.h"
#include "support/temp_directory.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cmath>
#include <cstring>

namespace lk::io {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;

std::string refused(const std::string& manifest) {
    return test::error_of(LK_ERR_FORMAT, [&] { parse_tfjs_manifest(manifest, "m.json"); });
}

TEST(TfjsManifest, LaysOutEachGroupsWeightsBackToBack) {
    const TfjsManifest m = parse_tfjs_manifest(R"([
        {"paths": ["a.bin"], "weights": [
            {"name": "q8", "shape": [2, 3], "dtype": "float32",
             "quantization": {"dtype": "uint8", "scale": 0.5, "min": -1}},
            {"name": "raw", "shape": [4], "dtype": "float32"}]},
        {"paths": ["b1.bin", "b2.bin"], "weights": [
            {"name": "ids", "shape": [], "dtype": "int32"},
            {"name": "h", "shape": [3], "dtype": "float32", "quantization": {"dtype": "float16"}}]}])",
                                               "m.json");
    ASSERT_EQ(m.weights.size(), 4u);
    EXPECT_EQ(m.groups[1], (std::vector<std::string>{"b1.bin", "b2.bin"}));
    EXPECT_EQ(m.weights[0].byte_size, 6u);
    EXPECT_EQ(m.weights[1].offset, 6u);
    EXPECT_EQ(m.weights[1].byte_size, 16u);
    EXPECT_EQ(m.weights[2].group, 1u);
    EXPECT_EQ(m.weights[2].offset, 0u);
    EXPECT_EQ(m.weights[2].count, 1);
    EXPECT_EQ(m.weights[3].offset, 4u);
    EXPECT_EQ(m.group_sizes, (std::vector<size_t>{22, 10}));
}

TEST(TfjsManifest, DecodesAffineQuantizationAndRoundsItForInt32) {
    TfjsWeightSpec spec;
    spec.count = 3;
    spec.quantization = TfjsQuantization::uint8;
    spec.scale = 0.25;
    spec.min = -1;
    const uint8_t bytes[] = {0, 4, 255};
    EXPECT_THAT(decode_tfjs_weight(spec, bytes), ElementsAre(-1.0f, 0.0f, 62.75f));
    spec.dtype = TfjsDtype::int32;
    EXPECT_THAT(decode_tfjs_weight(spec, bytes), ElementsAre(-1.0f, 0.0f, 63.0f));
    spec.dtype = TfjsDtype::float32;
    spec.quantization = TfjsQuantization::uint16;
    spec.count = 1;
    const uint8_t wide[] = {0x10, 0x27};  // 10000, little-endian
    EXPECT_THAT(decode_tfjs_weight(spec, wide), ElementsAre(2499.0f));
}

TEST(TfjsManifest, DecodesFloat16AndRawValues) {
    TfjsWeightSpec half;
    half.count = 4;
    half.quantization = TfjsQuantization::float16;
    const uint8_t halves[] = {0x00, 0x3C, 0x00, 0xC0, 0x01, 0x00, 0x00, 0x7C};  // 1, -2, 2^-24, inf
    const std::vector<float> h = decode_tfjs_weight(half, halves);
    EXPECT_EQ(h[0], 1.0f);
    EXPECT_EQ(h[1], -2.0f);
    EXPECT_EQ(h[2], std::ldexp(1.0f, -24));
    EXPECT_TRUE(std::isinf(h[3]));

    TfjsWeightSpec raw;
    raw.count = 2;
    uint8_t bytes[8];
    const float values[] = {3.5f, -0.125f};
    std::memcpy(bytes, values, 8);  // little-endian, as the format stores them
    EXPECT_THAT(decode_tfjs_weight(raw, bytes), ElementsAre(3.5f, -0.125f));
    raw.dtype = TfjsDtype::int32;
    const uint8_t ints[] = {0xFF, 0xFF, 0xFF, 0xFF, 0x07, 0x00, 0x00, 0x00};
    EXPECT_THAT(decode_tfjs_weight(raw, ints), ElementsAre(-1.0f, 7.0f));
}

TEST(TfjsManifest, ReadsEveryWeightFromShardsBesideTheManifest) {
    test::TempDirectory dir;
    const std::string manifest = R"([{"paths": ["w1.bin", "w2.bin"], "weights": [
        {"name": "a", "shape": [2], "dtype": "float32", "quantization": {"dtype": "uint8", "scale": 2, "min": 1}},
        {"name": "b", "shape": [1], "dtype": "float32"}]}])";
    write_file_atomically(dir.file("m.json"), manifest.data(), manifest.size());
    const uint8_t first[] = {3, 5, 0x00};  // a = {7, 11}; b's first byte
    const uint8_t second[] = {0x00, 0x80, 0x3F};  // b = 1.0f
    write_file_atomically(dir.file("w1.bin"), first, sizeof first);
    write_file_atomically(dir.file("w2.bin"), second, sizeof second);
    const auto weights = read_tfjs_weights(dir.file("m.json"));
    EXPECT_THAT(weights.at("a").values, ElementsAre(7.0f, 11.0f));
    EXPECT_THAT(weights.at("a").shape, ElementsAre(2));
    EXPECT_THAT(weights.at("b").values, ElementsAre(1.0f));

    write_file_atomically(dir.file("w2.bin"), second, 2);
    EXPECT_THAT(test::error_of(LK_ERR_FORMAT, [&] { read_tfjs_weights(dir.file("m.json")); }),
                HasSubstr("hold 5 bytes; its weights take 6"));
    EXPECT_THAT(test::error_of(LK_ERR_IO, [&] { read_tfjs_weights(dir.file("none.json")); }),
                HasSubstr("none.json"));
}

TEST(TfjsManifest, RefusesWhatIsNotAManifestSayingWhy) {
    EXPECT_THAT(refused("{"), HasSubstr("not valid JSON"));
    EXPECT_THAT(refused("[]"), HasSubstr("non-empty array"));
    EXPECT_THAT(refused(R"([{"weights": []}])"), HasSubstr("group 0 has no \"paths\""));
    EXPECT_THAT(refused(R"([{"paths": ["../x.bin"], "weights": []}])"), HasSubstr("beside the manifest"));
    EXPECT_THAT(refused(R"([{"paths": ["/etc/passwd"], "weights": []}])"), HasSubstr("beside the manifest"));
    const std::string head = R"([{"paths": ["a.bin"], "weights": [)";
    EXPECT_THAT(refused(head + R"({"name": "w", "shape": [2], "dtype": "bool"}]}])"),
                HasSubstr("weight 'w' has dtype 'bool'; expected float32 or int32"));
    EXPECT_THAT(refused(head + R"({"name": "w", "shape": [-1], "dtype": "float32"}]}])"),
                HasSubstr("size >= 0"));
    EXPECT_THAT(refused(head + R"({"name": "w", "shape": [65536, 65536], "dtype": "float32"}]}])"),
                HasSubstr("more than 2^31"));
    EXPECT_THAT(refused(head + R"({"name": "w", "shape": [1], "dtype": "float32"},
                                  {"name": "w", "shape": [1], "dtype": "float32"}]}])"),
                HasSubstr("'w' appears twice"));
    EXPECT_THAT(refused(head + R"({"name": "w", "shape": [1], "dtype": "float32",
                                   "quantization": {"dtype": "int4"}}]}])"),
                HasSubstr("expected uint8, uint16 or float16"));
    EXPECT_THAT(refused(head + R"({"name": "w", "shape": [1], "dtype": "float32",
                                   "quantization": {"dtype": "uint8", "scale": 1}}]}])"),
                HasSubstr("has no \"min\""));
}

}  // namespace
}  // namespace lk::io
