#include "provenance/png_metadata.h"

#include "core/error.h"

#include <zlib.h>

#include <algorithm>
#include <cstring>
#include <string_view>

namespace lk::provenance::png {

namespace {

constexpr std::string_view kXmpKeyword = "XML:com.adobe.xmp";
// A compressed packet may inflate to at most this much: far above any real packet, low enough
// that a zlib bomb costs nothing.
constexpr size_t kMaxInflated = size_t(16) << 20;
constexpr uint32_t kMaxChunkLength = 0x7FFFFFFF;  // PNG's own limit

uint32_t load_be32(const uint8_t* p) {
    return uint32_t(p[0]) << 24 | uint32_t(p[1]) << 16 | uint32_t(p[2]) << 8 | p[3];
}

void append_be32(std::vector<uint8_t>& out, uint32_t value) {
    for (int shift = 24; shift >= 0; shift -= 8) out.push_back(uint8_t(value >> shift));
}

struct Chunk {
    size_t begin;     // the length field
    uint32_t length;  // of the data
    std::string_view type;
    const uint8_t* data;

    size_t end() const { return begin + 12 + size_t(length); }
    bool is(std::string_view name) const { return type == name; }
    bool is_xmp() const {
        return is("iTXt") && length > kXmpKeyword.size() &&
               std::memcmp(data, kXmpKeyword.data(), kXmpKeyword.size()) == 0 &&
               data[kXmpKeyword.size()] == 0;
    }
};

struct Layout {
    std::vector<Chunk> chunks;  // IHDR first, IEND last
    size_t end = 0;             // past IEND; what follows is kept as it is
};

// Every chunk of a PNG file, checked: the signature, each length within the file, each CRC,
// IHDR first, and an IEND (whose absence means the file was cut short).
Layout walk(const uint8_t* data, size_t size) {
    if (size < sizeof(kSignature) || std::memcmp(data, kSignature, sizeof(kSignature)) != 0)
        fail(LK_ERR_FORMAT, "PNG: no PNG signature at byte 0, expected 89 50 4E 47 0D 0A 1A 0A");
    Layout layout;
    size_t position = sizeof(kSignature);
    while (true) {
        if (size - position < 12)
            fail(LK_ERR_FORMAT, "PNG: the file ends at byte {} without an IEND chunk (truncated?); "
                 "expected a 12-byte chunk header and CRC there, {} bytes remain", position,
                 size - position);
        const uint8_t* header = data + position;
        const std::string_view type(reinterpret_cast<const char*>(header + 4), 4);
        if (!std::all_of(type.begin(), type.end(),
                         [](char c) { return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z'); }))
            fail(LK_ERR_FORMAT, "PNG: the chunk at byte {} has type '{}', expected four ASCII letters",
                 position, printable(type));
        const uint32_t length = load_be32(header);
        if (length > kMaxChunkLength || length > size - position - 12)
            fail(LK_ERR_FORMAT, "PNG: the {} chunk at byte {} declares {} data bytes, but only {} "
                 "follow its header (expected at most {} and its CRC)", type, position, length,
                 size - position - 12, std::min<size_t>(kMaxChunkLength, size - position - 12));
        const Chunk chunk{position, length, type, header + 8};
        const uint32_t stored = load_be32(chunk.data + length);
        const uint32_t computed = uint32_t(crc32(crc32(0, header + 4, 4), chunk.data, length));
        if (stored != computed)
            fail(LK_ERR_FORMAT, "PNG: the {} chunk at byte {} has CRC {:08X}, expected {:08X} "
                 "(the chunk is damaged)", type, position, stored, computed);
        if (layout.chunks.empty() && (!chunk.is("IHDR") || length != 13))
            fail(LK_ERR_FORMAT, "PNG: the first chunk (byte {}) is a {}-byte {}, expected the "
                 "13-byte IHDR", position, length, type);
        layout.chunks.push_back(chunk);
        position = chunk.end();
        if (chunk.is("IEND")) break;
    }
    layout.end = position;
    return layout;
}

size_t first_idat(const Layout& layout) {
    for (size_t i = 0; i < layout.chunks.size(); ++i)
        if (layout.chunks[i].is("IDAT")) return i;
    fail(LK_ERR_FORMAT, "PNG: no IDAT chunk before IEND, expected image data");
}

std::string inflate_text(const Chunk& chunk, const uint8_t* compressed, size_t size) {
    z_stream stream{};
    if (inflateInit(&stream) != Z_OK) fail(LK_ERR_OUT_OF_MEMORY, "zlib could not start inflating");
    stream.next_in = const_cast<uint8_t*>(compressed);
    stream.avail_in = uInt(size);
    std::string out;
    int status = Z_OK;
    while (status == Z_OK) {
        if (out.size() >= kMaxInflated) break;
        const size_t before = out.size();
        out.resize(std::min(kMaxInflated, before + 64 * 1024));
        stream.next_out = reinterpret_cast<Bytef*>(&out[before]);
        stream.avail_out = uInt(out.size() - before);
        status = inflate(&stream, Z_NO_FLUSH);
        out.resize(out.size() - stream.avail_out);
        if (status == Z_BUF_ERROR && stream.avail_in > 0) status = Z_OK;  // out of room only
    }
    const std::string message = stream.msg ? stream.msg : "zlib error " + std::to_string(status);
    inflateEnd(&stream);
    if (status == Z_OK)
        fail(LK_ERR_FORMAT, "PNG: the XMP iTXt chunk at byte {} inflates to more than {} bytes, "
             "expected a packet below that", chunk.begin, kMaxInflated);
    if (status == Z_BUF_ERROR)
        fail(LK_ERR_FORMAT, "PNG: the XMP iTXt chunk at byte {} holds a truncated zlib stream",
             chunk.begin);
    if (status != Z_STREAM_END)
        fail(LK_ERR_FORMAT, "PNG: the XMP iTXt chunk at byte {} holds damaged zlib data ({})",
             chunk.begin, message);
    return out;
}

// The text of an XMP iTXt chunk: keyword, NUL, compression flag and method, language tag, NUL,
// translated keyword, NUL, text.
std::string xmp_text(const Chunk& chunk) {
    const uint8_t* p = chunk.data + kXmpKeyword.size() + 1;
    const uint8_t* end = chunk.data + chunk.length;
    const auto skip_field = [&] {
        const void* nul = p < end ? std::memchr(p, 0, size_t(end - p)) : nullptr;
        if (!nul)
            fail(LK_ERR_FORMAT, "PNG: the XMP iTXt chunk at byte {} ends inside its header, "
                 "expected a language tag and a translated keyword, each ended by a NUL",
                 chunk.begin);
        p = static_cast<const uint8_t*>(nul) + 1;
    };
    if (end - p < 2)
        fail(LK_ERR_FORMAT, "PNG: the XMP iTXt chunk at byte {} ends before its compression flag",
             chunk.begin);
    const uint8_t flag = p[0], method = p[1];
    p += 2;
    if (flag > 1 || (flag == 1 && method != 0))
        fail(LK_ERR_FORMAT, "PNG: the XMP iTXt chunk at byte {} has compression flag {} and "
             "method {}, expected flag 0, or flag 1 with method 0 (zlib)", chunk.begin, flag, method);
    skip_field();
    skip_field();
    if (flag == 0) return std::string(reinterpret_cast<const char*>(p), size_t(end - p));
    return inflate_text(chunk, p, size_t(end - p));
}

void append_chunk(std::vector<uint8_t>& out, const uint8_t* data, const Chunk& chunk) {
    out.insert(out.end(), data + chunk.begin, data + chunk.end());
}

// Chunks that say something about the picture rather than encode it. The first four must precede
// PLTE and IDAT, the others only IDAT (or nothing).
bool is_metadata(const Chunk& chunk) {
    for (const char* type : {"iCCP", "sRGB", "gAMA", "cHRM", "eXIf", "pHYs", "tEXt", "zTXt", "iTXt",
                             "tIME"})
        if (chunk.is(type)) return true;
    return false;
}

bool is_colour_space(const Chunk& chunk) {
    return chunk.is("iCCP") || chunk.is("sRGB") || chunk.is("gAMA") || chunk.is("cHRM");
}

// `data` without the chunks `dropped` selects, with `after_header` inserted right after IHDR and
// `before_data` right before the first IDAT. Every other byte stays as it was.
template <typename Dropped>
std::vector<uint8_t> rebuild(const uint8_t* data, size_t size, const Layout& layout,
                             Dropped&& dropped, const std::vector<uint8_t>& after_header,
                             const std::vector<uint8_t>& before_data) {
    const size_t idat = first_idat(layout);
    std::vector<uint8_t> out(data, data + sizeof(kSignature));
    out.reserve(size + after_header.size() + before_data.size());
    for (size_t i = 0; i < layout.chunks.size(); ++i) {
        const Chunk& chunk = layout.chunks[i];
        if (i == idat) out.insert(out.end(), before_data.begin(), before_data.end());
        if (!dropped(chunk)) append_chunk(out, data, chunk);
        if (i == 0) out.insert(out.end(), after_header.begin(), after_header.end());
    }
    out.insert(out.end(), data + layout.end, data + size);
    return out;
}

}  // namespace

std::optional<std::string> find_xmp(const uint8_t* data, size_t size) {
    for (const Chunk& chunk : walk(data, size).chunks)
        if (chunk.is_xmp()) return xmp_text(chunk);
    return std::nullopt;
}

std::vector<uint8_t> with_xmp(const uint8_t* data, size_t size, const std::string& packet) {
    const Layout layout = walk(data, size);
    const size_t length = kXmpKeyword.size() + 5 + packet.size();
    if (packet.size() > kMaxChunkLength - kXmpKeyword.size() - 5)
        fail(LK_ERR_INVALID_ARGUMENT, "an XMP packet of {} bytes does not fit a PNG chunk (at most "
             "{} bytes)", packet.size(), kMaxChunkLength - kXmpKeyword.size() - 5);
    // Keyword, NUL, flag 0 (uncompressed), method 0, empty language tag and translated keyword.
    std::vector<uint8_t> chunk;
    chunk.reserve(length + 12);
    append_be32(chunk, uint32_t(length));
    chunk.insert(chunk.end(), {'i', 'T', 'X', 't'});
    chunk.insert(chunk.end(), kXmpKeyword.begin(), kXmpKeyword.end());
    chunk.insert(chunk.end(), {0, 0, 0, 0, 0});
    chunk.insert(chunk.end(), packet.begin(), packet.end());
    append_be32(chunk, uint32_t(crc32(0, chunk.data() + 4, uInt(length + 4))));
    return rebuild(data, size, layout, [](const Chunk& c) { return c.is_xmp(); }, {}, chunk);
}

std::vector<uint8_t> transplant_metadata(const uint8_t* original, size_t original_size,
                                         const uint8_t* encoded, size_t encoded_size) {
    std::vector<uint8_t> colour_space, other;
    for (const Chunk& chunk : walk(original, original_size).chunks)
        if (is_metadata(chunk)) append_chunk(is_colour_space(chunk) ? colour_space : other, original, chunk);
    return rebuild(encoded, encoded_size, walk(encoded, encoded_size), is_metadata, colour_space,
                   other);
}

}  // namespace lk::provenance::png
