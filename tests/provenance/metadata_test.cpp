// XMP and other metadata in PNG and JPEG files: placing it, finding it, carrying it over to
// re-encoded pixels, and refusing damaged files with errors that say where.
#include "provenance/metadata.h"

#include "container_files.h"
#include "provenance/jpeg_metadata.h"
#include "provenance/xmp.h"
#include "support/error_of.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace lk::provenance {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::StartsWith;
using namespace std::string_literals;

std::string our_packet(const std::string& software = "Likeness test") {
    Record record;
    record.digital_source_type = kTrainedAlgorithmicMedia;
    record.software = software;
    return write_xmp(record);
}

size_t count(const std::vector<uint8_t>& file, std::string_view what) {
    const std::string text(file.begin(), file.end());
    size_t n = 0;
    for (size_t at = text.find(what); at != std::string::npos; at = text.find(what, at + 1)) ++n;
    return n;
}

bool same_pixels(const std::vector<uint8_t>& a, const std::vector<uint8_t>& b) {
    const Image first = io::decode_image(a.data(), a.size(), 0, "a");
    const Image second = io::decode_image(b.data(), b.size(), 0, "b");
    return test::same_pixels(first.view(), second.view());
}

TEST(MetadataSniff, TellsPngFromJpegFromAnythingElse) {
    const auto png = test::encoded(Container::png), jpeg = test::encoded(Container::jpeg);
    EXPECT_EQ(sniff_container(png.data(), png.size()), Container::png);
    EXPECT_EQ(sniff_container(jpeg.data(), jpeg.size()), Container::jpeg);
    EXPECT_EQ(sniff_container(png.data(), 7), std::nullopt);
    const uint8_t gif[] = {'G', 'I', 'F', '8', '9', 'a'};
    EXPECT_EQ(sniff_container(gif, sizeof gif), std::nullopt);
    EXPECT_THAT(test::error_of(LK_ERR_FORMAT, [&] { find_xmp(gif, sizeof gif); }),
                HasSubstr("the image is neither PNG nor JPEG: it starts with [47 49 46 38 39 61]"));
}

class Metadata : public ::testing::TestWithParam<Container> {};

TEST_P(Metadata, AFreshlyEncodedFileHasNoXmp) {
    const auto file = test::encoded(GetParam());
    EXPECT_EQ(find_xmp(file.data(), file.size()), std::nullopt);
}

TEST_P(Metadata, WithXmpInsertsThePacketAndKeepsEveryOtherByte) {
    const auto file = test::encoded(GetParam());
    const std::string packet = our_packet();
    const auto out = with_xmp(file.data(), file.size(), packet);
    EXPECT_EQ(find_xmp(out.data(), out.size()), packet);
    // One block inserted: what precedes and what follows it is the original file.
    size_t at = 0;
    while (at < file.size() && file[at] == out[at]) ++at;
    const size_t added = out.size() - file.size();
    ASSERT_GT(added, packet.size());
    EXPECT_TRUE(std::equal(file.begin() + std::ptrdiff_t(at), file.end(),
                           out.begin() + std::ptrdiff_t(at + added)));
    EXPECT_TRUE(same_pixels(file, out));
}

TEST_P(Metadata, WithXmpReplacesAnExistingPacketInsteadOfAddingASecond) {
    const auto file = test::encoded(GetParam());
    const auto once = with_xmp(file.data(), file.size(), our_packet("first"));
    const auto twice = with_xmp(once.data(), once.size(), our_packet("second, longer"));
    EXPECT_EQ(find_xmp(twice.data(), twice.size()), our_packet("second, longer"));
    EXPECT_EQ(count(twice, "<x:xmpmeta"), 1u);
    EXPECT_EQ(twice.size(), once.size() + std::string("second, longer").size() - 5);
}

TEST_P(Metadata, TransplantCarriesTheOriginalsMetadataOntoNewPixels) {
    const auto original = test::encoded(GetParam());
    const auto marked = with_xmp(original.data(), original.size(), our_packet());
    const auto reencoded = test::encoded(GetParam(), 0x55);
    const auto out = transplant_metadata(marked.data(), marked.size(), reencoded.data(), reencoded.size());
    EXPECT_EQ(find_xmp(out.data(), out.size()), our_packet());
    EXPECT_TRUE(same_pixels(out, reencoded));
    EXPECT_FALSE(same_pixels(out, original));
}

TEST_P(Metadata, TruncationAtEveryByteIsAFormatError) {
    const auto full = test::encoded(GetParam());
    const auto file = with_xmp(full.data(), full.size(), our_packet());
    for (size_t size = 0; size < file.size(); ++size) {
        SCOPED_TRACE(size);
        const std::string message =
            test::error_of(LK_ERR_FORMAT, [&] { find_xmp(file.data(), size); });
        if (sniff_container(file.data(), size)) EXPECT_THAT(message, HasSubstr("at byte"));
        test::error_of(LK_ERR_FORMAT, [&] { with_xmp(file.data(), size, "<x/>"); });
        test::error_of(LK_ERR_FORMAT,
                       [&] { transplant_metadata(file.data(), size, full.data(), full.size()); });
        if (HasFailure()) break;
    }
}

TEST(Metadata, TransplantBetweenContainersIsAnInvalidArgument) {
    const auto png = test::encoded(Container::png), jpeg = test::encoded(Container::jpeg);
    EXPECT_THAT(test::error_of(LK_ERR_INVALID_ARGUMENT,
                               [&] { transplant_metadata(png.data(), png.size(), jpeg.data(), jpeg.size()); }),
                HasSubstr("cannot carry metadata from a PNG file into a JPEG file"));
}

INSTANTIATE_TEST_SUITE_P(Containers, Metadata, ::testing::Values(Container::png, Container::jpeg), test::container_name);

// PNG

TEST(PngMetadata, BitFlipsInChunkHeadersAndCrcsAreFormatErrors) {
    const auto full = test::encoded(Container::png);
    const auto file = with_xmp(full.data(), full.size(), our_packet());
    for (const test::Piece& chunk : test::png_chunks(file)) {
        std::vector<size_t> header_bytes;
        for (size_t k = 0; k < 8; ++k) header_bytes.push_back(chunk.begin + k);
        for (size_t k = 4; k > 0; --k) header_bytes.push_back(chunk.end - k);
        for (const size_t at : header_bytes)
            for (int bit = 0; bit < 8; ++bit) {
                SCOPED_TRACE(fmt::format("{} chunk, byte {}, bit {}", chunk.name, at, bit));
                auto flipped = file;
                flipped[at] ^= uint8_t(1 << bit);
                EXPECT_THAT(test::error_of(LK_ERR_FORMAT, [&] { find_xmp(flipped.data(), flipped.size()); }),
                            StartsWith("PNG: "));
            }
    }
}

TEST(PngMetadata, ErrorsNameTheChunkAndItsOffset) {
    auto file = test::encoded(Container::png);
    const test::Piece idat = test::png_chunks(file)[1];
    ASSERT_EQ(idat.name, "IDAT");
    file[idat.end - 1] ^= 1;
    EXPECT_THAT(test::error_of(LK_ERR_FORMAT, [&] { find_xmp(file.data(), file.size()); }),
                HasSubstr(fmt::format("PNG: the IDAT chunk at byte {} has CRC", idat.begin)));
    const auto text = test::png_chunk("tEXt", "Comment\0first"s);
    const auto reordered = test::inserted(test::encoded(Container::png), 8, text);
    EXPECT_THAT(test::error_of(LK_ERR_FORMAT, [&] { find_xmp(reordered.data(), reordered.size()); }),
                HasSubstr("PNG: the first chunk (byte 8) is a 13-byte tEXt, expected the 13-byte IHDR"));
}

std::vector<uint8_t> with_xmp_chunk(const std::string& data) {
    const auto file = test::encoded(Container::png);
    return test::inserted(file, test::png_chunks(file)[1].begin, test::png_chunk("iTXt", data));
}

std::string compressed(const std::string& text) {
    std::vector<uint8_t> out(compressBound(uLong(text.size())));
    uLongf size = uLongf(out.size());
    compress(out.data(), &size, reinterpret_cast<const Bytef*>(text.data()), uLong(text.size()));
    return std::string(out.begin(), out.begin() + std::ptrdiff_t(size));
}

TEST(PngMetadata, FindsACompressedXmpChunk) {
    const std::string packet = our_packet();
    const auto file = with_xmp_chunk("XML:com.adobe.xmp\0\1\0en\0XMP\0"s + compressed(packet));
    EXPECT_EQ(find_xmp(file.data(), file.size()), packet);
}

TEST(PngMetadata, RefusesDamagedOrOversizedCompressedPackets) {
    const std::string header = "XML:com.adobe.xmp\0\1\0\0\0"s;
    const auto bomb = with_xmp_chunk(header + compressed(std::string(size_t(17) << 20, ' ')));
    EXPECT_THAT(test::error_of(LK_ERR_FORMAT, [&] { find_xmp(bomb.data(), bomb.size()); }),
                HasSubstr("inflates to more than 16777216 bytes"));
    const std::string stream = compressed(our_packet());
    const auto cut = with_xmp_chunk(header + stream.substr(0, stream.size() / 2));
    EXPECT_THAT(test::error_of(LK_ERR_FORMAT, [&] { find_xmp(cut.data(), cut.size()); }),
                HasSubstr("holds a truncated zlib stream"));
    const auto flag = with_xmp_chunk("XML:com.adobe.xmp\0\2\0\0\0"s);
    EXPECT_THAT(test::error_of(LK_ERR_FORMAT, [&] { find_xmp(flag.data(), flag.size()); }),
                HasSubstr("has compression flag 2 and method 0"));
    const auto short_header = with_xmp_chunk("XML:com.adobe.xmp\0\0\0en"s);
    EXPECT_THAT(test::error_of(LK_ERR_FORMAT, [&] { find_xmp(short_header.data(), short_header.size()); }),
                HasSubstr("ends inside its header"));
}

TEST(PngMetadata, TransplantPlacesColourChunksAfterIhdrAndTheRestBeforeIdat) {
    auto original = test::encoded(Container::png);
    original = test::inserted(original, 33, test::png_chunk("iCCP", "profile\0\0fake"s));
    original = test::inserted(original, test::png_chunks(original).back().begin,
                              test::png_chunk("tEXt", "Comment\0kept"s));
    original = test::inserted(original, 33, test::png_chunk("prVt", "not metadata"));
    auto reencoded = test::encoded(Container::png, 0x55);
    reencoded = test::inserted(reencoded, 33, test::png_chunk("tEXt", "Software\0encoder"s));
    const auto out = transplant_metadata(original.data(), original.size(), reencoded.data(), reencoded.size());
    EXPECT_THAT(test::names(test::png_chunks(out)), ElementsAre("IHDR", "iCCP", "tEXt", "IDAT", "IEND"));
    EXPECT_EQ(count(out, "Comment\0kept"s), 1u);
    EXPECT_EQ(count(out, "encoder"), 0u);
}

// JPEG

TEST(JpegMetadata, PacketsOverOneApp1SegmentAreInvalidArguments) {
    const auto file = test::encoded(Container::jpeg);
    const std::string largest(jpeg::kMaxPacketSize, ' ');
    const auto out = with_xmp(file.data(), file.size(), largest);
    EXPECT_EQ(find_xmp(out.data(), out.size()), largest);
    EXPECT_THAT(test::error_of(LK_ERR_INVALID_ARGUMENT,
                               [&] { with_xmp(file.data(), file.size(), largest + ' '); }),
                HasSubstr("an XMP packet of 65503 bytes is over JPEG's limit of 65502 bytes"));
}

// A JPEG as cameras and editors write them: JFIF, Exif, a comment, before the encoder's tables.
std::vector<uint8_t> jpeg_with_exif_and_comment() {
    auto file = test::encoded(Container::jpeg);
    const size_t after_jfif = test::jpeg_segments(file)[0].end;
    file = test::inserted(file, after_jfif, test::jpeg_segment(0xFE, "a comment"));
    return test::inserted(file, after_jfif, test::jpeg_segment(0xE1, "Exif\0\0MM\0\x2a\0\0\0\x08\0\0"s));
}

TEST(JpegMetadata, WithXmpGoesAfterJfifAndExifBeforeTheRest) {
    const auto file = jpeg_with_exif_and_comment();
    ASSERT_THAT(test::names(test::jpeg_segments(file)),
                ElementsAre("FFE0", "FFE1", "FFFE", "FFDB", "FFC0", "FFC4", "FFDA"));
    const auto out = with_xmp(file.data(), file.size(), our_packet());
    const auto segments = test::jpeg_segments(out);
    ASSERT_THAT(test::names(segments),
                ElementsAre("FFE0", "FFE1", "FFE1", "FFFE", "FFDB", "FFC0", "FFC4", "FFDA"));
    EXPECT_EQ(std::string(out.begin() + std::ptrdiff_t(segments[2].begin) + 4,
                          out.begin() + std::ptrdiff_t(segments[2].begin) + 32),
              "http://ns.adobe.com/xap/1.0/");
}

TEST(JpegMetadata, TransplantCarriesApp1App2AndComButNotJfifOrAdobe) {
    auto original = jpeg_with_exif_and_comment();
    const size_t before_tables = test::jpeg_segments(original)[3].begin;
    original = test::inserted(original, before_tables, test::jpeg_segment(0xEE, "Adobe\0\x64\0\0\0\0\0"s));
    original = test::inserted(original, before_tables, test::jpeg_segment(0xE2, "ICC_PROFILE\0\2\2part two"s));
    original = test::inserted(original, before_tables, test::jpeg_segment(0xE2, "ICC_PROFILE\0\1\2part one"s));
    const auto reencoded = test::encoded(Container::jpeg, 0x55);
    const auto out = transplant_metadata(original.data(), original.size(), reencoded.data(), reencoded.size());
    EXPECT_THAT(test::names(test::jpeg_segments(out)),
                ElementsAre("FFE0", "FFE1", "FFFE", "FFE2", "FFE2", "FFDB", "FFC0", "FFC4", "FFDA"));
    EXPECT_EQ(count(out, "part one"), 1u);
    EXPECT_EQ(count(out, "Adobe"), 0u);
    EXPECT_TRUE(same_pixels(out, reencoded));
}

TEST(JpegMetadata, FlippedMarkerBytesAndOverlongSegmentsAreFormatErrors) {
    const auto file = jpeg_with_exif_and_comment();
    const auto segments = test::jpeg_segments(file);
    // The first segment's marker is the third byte of the JPEG signature FF D8 FF: with it
    // flipped, the file is no JPEG at all (MetadataSniff).
    for (auto segment = segments.begin() + 1; segment != segments.end(); ++segment)
        for (int bit = 0; bit < 8; ++bit) {
            SCOPED_TRACE(fmt::format("{} at byte {}, bit {}", segment->name, segment->begin, bit));
            auto flipped = file;
            flipped[segment->begin] ^= uint8_t(1 << bit);
            EXPECT_THAT(test::error_of(LK_ERR_FORMAT, [&] { find_xmp(flipped.data(), flipped.size()); }),
                        HasSubstr(fmt::format("JPEG: byte {} is 0x", segment->begin)));
        }
    auto overlong = file;
    const test::Piece comment = segments[2];
    overlong[comment.begin + 2] = 0xFF;
    EXPECT_THAT(test::error_of(LK_ERR_FORMAT, [&] { find_xmp(overlong.data(), overlong.size()); }),
                HasSubstr(fmt::format("JPEG: the COM segment at byte {} declares 65291 bytes", comment.begin)));
}

}  // namespace
}  // namespace lk::provenance
