#include "support/error_of.h"
#include "io/safetensors_header.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace lk::io {
namespace {

using test::error_of;
using ::testing::HasSubstr;

const std::string kSource = "weights/model.safetensors";

std::string length_prefix(uint64_t length) {
    std::string bytes(8, '\0');
    for (int i = 0; i < 8; ++i) bytes[size_t(i)] = char(length >> (8 * i));
    return bytes;
}

// A file with this header and `data_size` zero bytes of data.
std::string file_with(const std::string& header, size_t data_size) {
    return length_prefix(header.size()) + header + std::string(data_size, '\0');
}

SafetensorsHeader parse(const std::string& file) {
    const auto* bytes = reinterpret_cast<const uint8_t*>(file.data());
    return parse_safetensors_header(bytes, file.size(), file.size(), kSource);
}

TEST(SafetensorsHeader, ParsesEntriesInDataOrderWithMetadataAndDataStart) {
    const std::string header =
        R"({"__metadata__":{"format":"pt"},)"
        R"("b":{"dtype":"BF16","shape":[3],"data_offsets":[8,14]},)"
        R"("a":{"dtype":"F64","shape":[],"data_offsets":[0,8]},)"
        R"("c":{"dtype":"U16","shape":[1,0,5],"data_offsets":[14,14]}})";
    const SafetensorsHeader parsed = parse(file_with(header, 14));
    EXPECT_EQ(parsed.data_start, 8 + header.size());
    EXPECT_EQ(parsed.metadata, (std::map<std::string, std::string>{{"format", "pt"}}));
    ASSERT_EQ(parsed.tensors.size(), 3u);
    const SafetensorsEntry& a = parsed.tensors[0];
    EXPECT_EQ(a.name, "a");
    EXPECT_EQ(a.dtype, SafetensorsDtype::F64);
    EXPECT_EQ(a.shape, std::vector<int64_t>{});
    EXPECT_EQ(a.begin, 0u);
    EXPECT_EQ(a.end, 8u);
    EXPECT_EQ(parsed.tensors[1].name, "b");
    EXPECT_EQ(parsed.tensors[1].shape, std::vector<int64_t>{3});
    EXPECT_EQ(parsed.tensors[2].name, "c");
    EXPECT_EQ(parsed.tensors[2].dtype, SafetensorsDtype::U16);
    EXPECT_EQ(parsed.tensors[2].shape, (std::vector<int64_t>{1, 0, 5}));
}

TEST(SafetensorsHeader, AcceptsTrailingSpacesAndAHeaderWithoutTensors) {
    const SafetensorsHeader parsed = parse(file_with("{}      ", 0));
    EXPECT_TRUE(parsed.tensors.empty());
    EXPECT_TRUE(parsed.metadata.empty());
    EXPECT_EQ(parsed.data_start, 16u);
}

TEST(SafetensorsHeader, DtypeNamesAndSizesFollowTheFormat) {
    EXPECT_EQ(dtype_name(SafetensorsDtype::BF16), "BF16");
    EXPECT_EQ(dtype_size(SafetensorsDtype::BF16), 2u);
    EXPECT_EQ(dtype_name(SafetensorsDtype::F8_E5M2), "F8_E5M2");
    EXPECT_EQ(dtype_size(SafetensorsDtype::U64), 8u);
    EXPECT_EQ(dtype_size(SafetensorsDtype::BOOL), 1u);
}

TEST(SafetensorsHeader, RefusesAHeaderLengthAboveTheLimitBeforeReadingIt) {
    // Only the length is given: the limit must be checked before the header is needed.
    const std::string length = length_prefix(kSafetensorsMaxHeaderSize + 1);
    const auto* bytes = reinterpret_cast<const uint8_t*>(length.data());
    const std::string message = error_of(LK_ERR_FORMAT, [&] {
        parse_safetensors_header(bytes, length.size(), 2 * kSafetensorsMaxHeaderSize, kSource);
    });
    EXPECT_THAT(message, HasSubstr(kSource));
    EXPECT_THAT(message, HasSubstr("the header is 100000001 bytes; expected at most 100000000"));
}

TEST(SafetensorsHeader, BytesStoppingInsideTheHeaderAreTheCallersMistake) {
    const std::string file = file_with("{}", 0);
    const auto* bytes = reinterpret_cast<const uint8_t*>(file.data());
    EXPECT_THAT(error_of(LK_ERR_INVALID_ARGUMENT,
                         [&] { parse_safetensors_header(bytes, 9, file.size(), kSource); }),
                HasSubstr("only the first 9 bytes"));
}

// One malformed file each: the parser must refuse it with LK_ERR_FORMAT, and the message must
// name the file, the problem and what was expected.
struct Malformed {
    std::string test_name;
    std::string file;
    std::vector<std::string> message_parts;
};

std::string entry(const std::string& name, const std::string& dtype, const std::string& shape,
                  const std::string& offsets) {
    return "\"" + name + R"(":{"dtype":")" + dtype + R"(","shape":)" + shape +
           R"(,"data_offsets":)" + offsets + "}";
}

const std::vector<Malformed> kMalformed = {
    {"ShorterThanTheLength", std::string("\x02\0\0", 3), {"it is 3 bytes long", "at least 8"}},
    {"HeaderLengthBeyondTheFile", length_prefix(100) + "{}",
     {"the header is 100 bytes; expected at most 2"}},
    {"EmptyHeader", file_with("", 4), {"the header is empty; expected a JSON object"}},
    {"HeaderNotAnObject", file_with("[1, 2]", 0), {"starts with '['; expected '{'"}},
    {"InvalidJson", file_with(R"({"a": )", 0), {"not valid UTF-8 JSON", "syntax error"}},
    {"NonUtf8Json", file_with("{\"\xff\xfe\": 1}", 0),
     {"not valid UTF-8 JSON", "ill-formed UTF-8", "\\xFF"}},
    {"NumberOutOfRange", file_with("{" + entry("a", "U8", "[1e999]", "[0,1]") + "}", 1),
     {"not valid UTF-8 JSON", "number overflow"}},
    {"NestedTooDeep", file_with(R"({"a":)" + std::string(100000, '['), 0),
     {"nests JSON deeper than 8 levels"}},
    {"EntryNotAnObject", file_with(R"({"a":5})", 0),
     {"tensor 'a' is described by 5; expected an object"}},
    {"EntryWithUnexpectedKey",
     file_with(R"({"a":{"dtype":"U8","shape":[],"data_offsets":[0,1],"offset":0}})", 1),
     {"tensor 'a' has the unexpected key 'offset'; expected only dtype, shape and data_offsets"}},
    {"EntryWithoutOffsets", file_with(R"({"a":{"dtype":"U8","shape":[]}})", 1),
     {"tensor 'a' has no data_offsets"}},
    {"UnknownDtype", file_with("{" + entry("a", "C64", "[1]", "[0,8]") + "}", 8),
     {"tensor 'a' has dtype \"C64\"; expected one of F64, F32, F16, BF16"}},
    {"DtypeNotAString", file_with(R"({"a":{"dtype":32,"shape":[1],"data_offsets":[0,4]}})", 4),
     {"tensor 'a' has dtype 32; expected one of"}},
    {"ShapeNotAList", file_with("{" + entry("a", "U8", "3", "[0,3]") + "}", 3),
     {"tensor 'a' has shape 3; expected a list of non-negative integers"}},
    {"NegativeDimension", file_with("{" + entry("a", "U8", "[2,-1]", "[0,0]") + "}", 0),
     {"tensor 'a' has the dimension -1 in its shape; expected a non-negative integer"}},
    {"FractionalDimension", file_with("{" + entry("a", "U8", "[1.5]", "[0,1]") + "}", 1),
     {"tensor 'a' has the dimension 1.5 in its shape"}},
    {"DimensionAbove2To63",
     file_with("{" + entry("a", "U8", "[9223372036854775808]", "[0,0]") + "}", 0),
     {"the dimension 9223372036854775808", "below 2^63"}},
    {"ElementCountOverflow",
     file_with("{" + entry("a", "U8", "[4294967296,4294967296]", "[0,0]") + "}", 0),
     {"tensor 'a' has more elements than 2^63-1"}},
    {"ByteCountOverflow",
     file_with("{" + entry("a", "F64", "[4611686018427387904]", "[0,0]") + "}", 0),
     {"tensor 'a' has 4611686018427387904 elements of F64, more than 2^64 bytes"}},
    {"ByteCountNotShapeTimesDtype", file_with("{" + entry("a", "F32", "[2]", "[0,12]") + "}", 12),
     {"tensor 'a' has 12 bytes (data_offsets [0, 12]); expected 8, for 2 elements of F32"}},
    {"OffsetsNotAPair", file_with("{" + entry("a", "U8", "[]", "[1]") + "}", 1),
     {"tensor 'a' has data_offsets [1]; expected [begin, end]"}},
    {"NegativeOffset", file_with("{" + entry("a", "U8", "[]", "[-1,0]") + "}", 1),
     {"tensor 'a' has data_offsets [-1, 0]; expected [begin, end]"}},
    {"OffsetsReversed", file_with("{" + entry("a", "U8", "[0]", "[4,2]") + "}", 4),
     {"tensor 'a' has data_offsets [4, 2]; expected begin <= end"}},
    {"OffsetsBeyondTheData", file_with("{" + entry("a", "U8", "[16]", "[0,16]") + "}", 8),
     {"tensor 'a' ends at byte 16 of the data; expected at most 8"}},
    {"OverlappingTensors",
     file_with("{" + entry("a", "U8", "[8]", "[0,8]") + "," + entry("b", "U8", "[8]", "[4,12]") +
                   "}", 12),
     {"tensor 'b' starts at byte 4 of the data, inside tensor 'a' (bytes 0 to 8)",
      "expected tensors not to overlap"}},
    {"EmptyTensorInsideAnother",
     file_with("{" + entry("a", "U8", "[8]", "[0,8]") + "," + entry("e", "U8", "[0]", "[3,3]") +
                   "}", 8),
     {"tensor 'e' starts at byte 3 of the data, inside tensor 'a'"}},
    {"GapBetweenTensors",
     file_with("{" + entry("a", "U8", "[4]", "[0,4]") + "," + entry("b", "U8", "[4]", "[8,12]") +
                   "}", 12),
     {"bytes 4 to 8 of the data belong to no tensor", "without gaps"}},
    {"DataBeforeTheFirstTensor", file_with("{" + entry("a", "U8", "[4]", "[2,6]") + "}", 6),
     {"bytes 0 to 2 of the data belong to no tensor"}},
    {"DataAfterTheLastTensor", file_with("{" + entry("a", "U8", "[4]", "[0,4]") + "}", 6),
     {"bytes 4 to 6 of the data belong to no tensor"}},
    {"DuplicateTensorName",
     file_with("{" + entry("a", "U8", "[1]", "[0,1]") + "," + entry("a", "U8", "[1]", "[1,2]") +
                   "}", 2),
     {"tensor 'a' is named twice"}},
    {"DuplicateKeyInAnEntry",
     file_with(R"({"a":{"dtype":"U8","dtype":"I8","shape":[],"data_offsets":[0,1]}})", 1),
     {"the key 'dtype' appears twice in one JSON object"}},
    {"DuplicateMetadata", file_with(R"({"__metadata__":{},"__metadata__":{}})", 0),
     {"the key '__metadata__' appears twice"}},
    {"MetadataNotAnObject", file_with(R"({"__metadata__":["a"]})", 0),
     {"__metadata__ is [\"a\"]; expected an object mapping strings to strings"}},
    {"MetadataValueNotAString", file_with(R"({"__metadata__":{"epoch":3}})", 0),
     {"__metadata__ maps 'epoch' to 3; expected a string"}},
};

void PrintTo(const Malformed& malformed, std::ostream* out) { *out << malformed.test_name; }

class MalformedHeader : public ::testing::TestWithParam<Malformed> {};

TEST_P(MalformedHeader, IsAFormatErrorNamingTheFileAndTheProblem) {
    const std::string message = error_of(LK_ERR_FORMAT, [&] { parse(GetParam().file); });
    EXPECT_THAT(message, HasSubstr("'" + kSource + "' is not a valid safetensors file: "));
    for (const std::string& part : GetParam().message_parts) EXPECT_THAT(message, HasSubstr(part));
}

INSTANTIATE_TEST_SUITE_P(SafetensorsHeader, MalformedHeader, ::testing::ValuesIn(kMalformed),
                         [](const auto& info) { return info.param.test_name; });

}  // namespace
}  // namespace lk::io
