// PNG and JPEG files for the provenance tests: encoded by the SDK, taken apart and added to by
// hand (independently of the code under test), so that tests can say where each piece sits.
#pragma once

#include "io/image_file.h"
#include "provenance/metadata.h"
#include "support/images.h"

#include <gtest/gtest.h>
#include <fmt/format.h>
#include <zlib.h>

#include <string>
#include <vector>

namespace lk::test {

inline lk_image_format format_of(provenance::Container container) {
    return container == provenance::Container::png ? LK_IMAGE_FORMAT_PNG : LK_IMAGE_FORMAT_JPEG;
}

// Test names for suites run on both containers.
inline std::string container_name(const ::testing::TestParamInfo<provenance::Container>& info) {
    return info.param == provenance::Container::png ? "Png" : "Jpeg";
}

// A small picture; `variant` changes its pixels (a re-encoding of something else).
inline std::vector<uint8_t> encoded(provenance::Container container, uint8_t variant = 0) {
    Image image = gradient(16, 12, 3);
    for (size_t i = 0; i < size_t(16) * 12 * 3; i += 7) image.data()[i] ^= variant;
    return io::encode_image(image.view(), format_of(container), 90);
}

inline uint32_t be32(const std::vector<uint8_t>& bytes, size_t at) {
    return uint32_t(bytes[at]) << 24 | uint32_t(bytes[at + 1]) << 16 | uint32_t(bytes[at + 2]) << 8 |
           bytes[at + 3];
}

struct Piece {
    std::string name;  // PNG chunk type; JPEG "FFxx" marker
    size_t begin, end;
};

// PNG chunks in order, IEND included.
inline std::vector<Piece> png_chunks(const std::vector<uint8_t>& png) {
    std::vector<Piece> chunks;
    for (size_t at = 8; at + 12 <= png.size();) {
        const size_t end = at + 12 + be32(png, at);
        chunks.push_back({std::string(png.begin() + at + 4, png.begin() + at + 8), at, end});
        at = end;
    }
    return chunks;
}

// JPEG segments between SOI and the first SOS (which is listed, to the end of the file).
inline std::vector<Piece> jpeg_segments(const std::vector<uint8_t>& jpeg) {
    std::vector<Piece> segments;
    for (size_t at = 2; at + 4 <= jpeg.size();) {
        const std::string name = fmt::format("FF{:02X}", jpeg[at + 1]);
        if (name == "FFDA") {
            segments.push_back({name, at, jpeg.size()});
            break;
        }
        const size_t end = at + 2 + (size_t(jpeg[at + 2]) << 8 | jpeg[at + 3]);
        segments.push_back({name, at, end});
        at = end;
    }
    return segments;
}

inline std::vector<std::string> names(const std::vector<Piece>& pieces) {
    std::vector<std::string> out;
    for (const Piece& piece : pieces) out.push_back(piece.name);
    return out;
}

inline std::vector<uint8_t> png_chunk(const std::string& type, const std::string& data) {
    std::vector<uint8_t> chunk;
    for (int shift = 24; shift >= 0; shift -= 8) chunk.push_back(uint8_t(data.size() >> shift));
    chunk.insert(chunk.end(), type.begin(), type.end());
    chunk.insert(chunk.end(), data.begin(), data.end());
    const uint32_t crc = uint32_t(crc32(0, chunk.data() + 4, uInt(chunk.size() - 4)));
    for (int shift = 24; shift >= 0; shift -= 8) chunk.push_back(uint8_t(crc >> shift));
    return chunk;
}

inline std::vector<uint8_t> jpeg_segment(uint8_t marker, const std::string& payload) {
    const size_t length = payload.size() + 2;
    std::vector<uint8_t> segment{0xFF, marker, uint8_t(length >> 8), uint8_t(length)};
    segment.insert(segment.end(), payload.begin(), payload.end());
    return segment;
}

// `file` with `piece` inserted at byte `at`.
inline std::vector<uint8_t> inserted(std::vector<uint8_t> file, size_t at,
                                     const std::vector<uint8_t>& piece) {
    file.insert(file.begin() + std::ptrdiff_t(at), piece.begin(), piece.end());
    return file;
}

}  // namespace lk::test
