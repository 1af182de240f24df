#include "data/idx_file.h"

#include "idx_samples.h"
#include "support/error_of.h"
#include "support/temp_directory.h"

#include <gtest/gtest.h>

namespace lk::data {
namespace {

using test::as_vector;
using test::error_of;
using test::gzip;
using test::idx_bytes;

std::string parse_error(const std::string& bytes) {
    const std::vector<uint8_t> data = as_vector(bytes);
    return error_of(LK_ERR_FORMAT, [&] { parse_idx(data.data(), data.size(), "sample.idx"); });
}

IdxArray parse(const std::string& bytes) {
    const std::vector<uint8_t> data = as_vector(bytes);
    return parse_idx(data.data(), data.size(), "sample.idx");
}

const std::vector<uint8_t> kValues = {0, 1, 2, 3, 4, 5, 250, 251, 252, 253, 254, 255};

TEST(IdxFile, ReadsShapeAndValuesOfARawFile) {
    const IdxArray array = parse(idx_bytes({2, 3, 2}, kValues));
    EXPECT_EQ(array.shape, (std::vector<int64_t>{2, 3, 2}));
    EXPECT_EQ(array.values, kValues);
}

TEST(IdxFile, ReadsAGzipFileAsItsRawContent) {
    const IdxArray array = parse(gzip(idx_bytes({4, 3}, kValues)));
    EXPECT_EQ(array.shape, (std::vector<int64_t>{4, 3}));
    EXPECT_EQ(array.values, kValues);
}

TEST(IdxFile, ReadsBigEndianDimensionsAboveOneByte) {
    const std::vector<uint8_t> values(300, 7);
    EXPECT_EQ(parse(idx_bytes({300}, values)).shape, (std::vector<int64_t>{300}));
    EXPECT_EQ(parse(gzip(idx_bytes({1, 300}, values))).values, values);
}

TEST(IdxFile, RefusesAWrongMagicNamingTheFile) {
    const std::string message = parse_error("PK\x03\x04 not an idx file");
    EXPECT_NE(message.find("sample.idx"), std::string::npos) << message;
    EXPECT_NE(message.find("not an idx file"), std::string::npos) << message;
    EXPECT_NE(parse_error(std::string("\0\0", 2)).find("fewer than the 4"), std::string::npos);
}

TEST(IdxFile, RefusesOtherDtypesNamingThem) {
    const std::string message = parse_error(idx_bytes({1}, {0, 0, 0, 0}, 0x0D));
    EXPECT_NE(message.find("float32"), std::string::npos) << message;
    EXPECT_NE(message.find("0x0d"), std::string::npos) << message;
}

TEST(IdxFile, RefusesZeroDimensionsAndAHeaderCutShort) {
    EXPECT_NE(parse_error(idx_bytes({}, {})).find("0 dimensions"), std::string::npos);
    const std::string cut = idx_bytes({2, 2}, {}).substr(0, 10);
    EXPECT_NE(parse_error(cut).find("ends inside its idx header"), std::string::npos);
}

TEST(IdxFile, RawFileMustHoldExactlyItsValues) {
    const std::string full = idx_bytes({2, 3, 2}, kValues);
    std::string message = parse_error(full.substr(0, full.size() - 1));
    EXPECT_NE(message.find("holds 11 bytes"), std::string::npos) << message;
    EXPECT_NE(message.find("expected exactly 12"), std::string::npos) << message;
    message = parse_error(full + "x");
    EXPECT_NE(message.find("holds 13 bytes"), std::string::npos) << message;
}

TEST(IdxFile, RefusesAHugeShapeBeforeAllocating) {
    // 65535^3 values: a header that would ask for 2^48 bytes.
    const std::string message = parse_error(idx_bytes({65535, 65535, 65535}, {}));
    EXPECT_NE(message.find("declares more than"), std::string::npos) << message;
    // Below the absolute limit, but more than 1 KiB of gzip can ever inflate to.
    const std::string bomb = gzip(idx_bytes({1u << 30}, {}));
    EXPECT_NE(parse_error(bomb).find("inflates to at most"), std::string::npos);
}

TEST(IdxFile, GzipStreamMustBeCompleteIntactAndAlone) {
    const std::string compressed = gzip(idx_bytes({2, 3, 2}, kValues));
    EXPECT_NE(parse_error(compressed.substr(0, compressed.size() - 4)).find("truncated"),
              std::string::npos);
    std::string damaged = compressed;
    damaged[damaged.size() - 6] ^= 0x55;  // inside the CRC-32 of the trailer
    EXPECT_NE(parse_error(damaged).find("damaged gzip stream"), std::string::npos);
    EXPECT_NE(parse_error(compressed + "tail").find("bytes after its gzip stream"),
              std::string::npos);
    // A valid stream whose content is short of what its header declares.
    const std::string short_values = idx_bytes({2, 3, 2}, kValues).substr(0, 18);
    const std::string message = parse_error(gzip(short_values));
    EXPECT_NE(message.find("truncated"), std::string::npos) << message;
    EXPECT_NE(parse_error(gzip(idx_bytes({2, 3, 2}, kValues) + "x")).find("holds more than"),
              std::string::npos);
}

TEST(IdxFile, MissingFileIsAnIoErrorNamingIt) {
    const test::TempDirectory folder;
    const std::string message =
        error_of(LK_ERR_IO, [&] { read_idx_file(folder.file("absent-idx3-ubyte")); });
    EXPECT_NE(message.find("absent-idx3-ubyte"), std::string::npos) << message;
}

TEST(IdxFile, ReadsAFileFromDisk) {
    const test::TempDirectory folder;
    test::write_bytes(folder.file("x.gz"), gzip(idx_bytes({12}, kValues)));
    EXPECT_EQ(read_idx_file(folder.file("x.gz")).values, kValues);
}

}  // namespace
}  // namespace lk::data
