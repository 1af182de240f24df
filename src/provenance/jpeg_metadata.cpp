#include "provenance/jpeg_metadata.h"

#include "core/error.h"

#include <fmt/format.h>

#include <cstring>
#include <string_view>

namespace lk::provenance::jpeg {

namespace {

// The identifiers that open an APPn segment's payload, NUL included.
constexpr std::string_view kXmpSignature("http://ns.adobe.com/xap/1.0/\0", 29);
constexpr std::string_view kExifSignature("Exif\0\0", 6);
constexpr std::string_view kJfifSignature("JFIF\0", 5);
constexpr std::string_view kAdobeSignature("Adobe", 5);

constexpr uint8_t kSoi = 0xD8, kEoi = 0xD9, kSos = 0xDA, kApp0 = 0xE0, kApp1 = 0xE1,
                  kApp14 = 0xEE, kCom = 0xFE;

struct Segment {
    size_t begin;  // the marker's first 0xFF (fill bytes before it belong to the segment)
    size_t end;
    uint8_t marker;
    const uint8_t* payload;  // after the length field
    size_t payload_size;

    bool is(uint8_t m, std::string_view signature) const {
        return marker == m && payload_size >= signature.size() &&
               std::memcmp(payload, signature.data(), signature.size()) == 0;
    }
    bool is_xmp() const { return is(kApp1, kXmpSignature); }
    bool is_jfif() const { return is(kApp0, kJfifSignature); }
    // Leads the file: what goes before the XMP we insert.
    bool is_leading() const { return is_jfif() || is(kApp1, kExifSignature); }
    // Says something about the picture rather than how it is encoded. JFIF and Adobe's APP14
    // (colour transform) describe the encoding: the new encoder's own are the right ones.
    bool is_metadata() const {
        return (marker >= kApp0 && marker <= kApp0 + 15 && !is_jfif() && !is(kApp14, kAdobeSignature)) ||
               marker == kCom;
    }
};

struct Layout {
    std::vector<Segment> segments;  // between SOI and the first SOS
    size_t scan = 0;                // the first SOS marker; from there on the bytes are kept as they are
};

std::string marker_name(uint8_t marker) {
    if (marker >= kApp0 && marker <= kApp0 + 15) return fmt::format("APP{}", marker - kApp0);
    switch (marker) {
        case 0xC4: return "DHT";
        case 0xDB: return "DQT";
        case 0xDD: return "DRI";
        case kCom: return "COM";
        default:
            if (marker >= 0xC0 && marker <= 0xCF && marker != 0xC8 && marker != 0xCC)
                return fmt::format("SOF{}", marker - 0xC0);
            return fmt::format("0xFF{:02X}", marker);
    }
}

// The segments of a JPEG file up to its first scan, checked: SOI, a marker where each segment
// starts, each length within the file, and an EOI after the scan (entropy-coded data cannot hold
// FF D9, so its absence means the file was cut short).
Layout walk(const uint8_t* data, size_t size) {
    if (size < 2 || data[0] != 0xFF || data[1] != kSoi)
        fail(LK_ERR_FORMAT, "JPEG: no SOI marker at byte 0, expected FF D8");
    Layout layout;
    size_t position = 2;
    while (true) {
        const size_t begin = position;
        if (position >= size)
            fail(LK_ERR_FORMAT, "JPEG: the file ends at byte {} before its first scan (SOS); "
                 "expected more segments (truncated?)", position);
        if (data[position] != 0xFF)
            fail(LK_ERR_FORMAT, "JPEG: byte {} is 0x{:02X}, expected a marker (0xFF) starting the "
                 "next segment", position, data[position]);
        while (position + 1 < size && data[position + 1] == 0xFF) ++position;  // fill bytes
        if (position + 1 >= size)
            fail(LK_ERR_FORMAT, "JPEG: the file ends at byte {} inside a marker (truncated?)", size);
        const uint8_t marker = data[position + 1];
        position += 2;
        if (marker == kSos) {
            layout.scan = begin;
            break;
        }
        if (marker == 0x00 || marker == kSoi || marker == kEoi)
            fail(LK_ERR_FORMAT, "JPEG: marker FF {:02X} at byte {} before the first scan, expected "
                 "a segment", marker, position - 2);
        // RSTn and TEM stand alone, without a length.
        if ((marker >= 0xD0 && marker <= 0xD7) || marker == 0x01) {
            layout.segments.push_back({begin, position, marker, data + position, 0});
            continue;
        }
        if (size - position < 2)
            fail(LK_ERR_FORMAT, "JPEG: the file ends inside the length of the {} segment at byte {} "
                 "(truncated?)", marker_name(marker), begin);
        const size_t length = size_t(data[position]) << 8 | data[position + 1];
        if (length < 2 || length > size - position)
            fail(LK_ERR_FORMAT, "JPEG: the {} segment at byte {} declares {} bytes, expected 2 to {} "
                 "(the bytes left in the file)", marker_name(marker), begin, length,
                 size - position);
        layout.segments.push_back({begin, position + length, marker, data + position + 2, length - 2});
        position += length;
    }
    bool ended = false;
    for (size_t k = layout.scan + 2; k + 1 < size && !ended; ++k)
        ended = data[k] == 0xFF && data[k + 1] == kEoi;
    if (!ended)
        fail(LK_ERR_FORMAT, "JPEG: no EOI marker after the scan at byte {}, expected FF D9 at the "
             "end of the image data (truncated?)", layout.scan);
    return layout;
}

// `data` without the segments `dropped` selects, with `inserted` after SOI and the leading
// segments (JFIF, Exif). Every other byte stays as it was.
template <typename Dropped>
std::vector<uint8_t> rebuild(const uint8_t* data, size_t size, const Layout& layout,
                             Dropped&& dropped, const std::vector<uint8_t>& inserted) {
    std::vector<uint8_t> out(data, data + 2);
    out.reserve(size + inserted.size());
    bool done = false;
    for (const Segment& segment : layout.segments) {
        if (dropped(segment)) continue;
        if (!done && !segment.is_leading()) {
            out.insert(out.end(), inserted.begin(), inserted.end());
            done = true;
        }
        out.insert(out.end(), data + segment.begin, data + segment.end);
    }
    if (!done) out.insert(out.end(), inserted.begin(), inserted.end());
    out.insert(out.end(), data + layout.scan, data + size);
    return out;
}

}  // namespace

std::optional<std::string> find_xmp(const uint8_t* data, size_t size) {
    for (const Segment& segment : walk(data, size).segments)
        if (segment.is_xmp())
            return std::string(reinterpret_cast<const char*>(segment.payload) + kXmpSignature.size(),
                               segment.payload_size - kXmpSignature.size());
    return std::nullopt;
}

std::vector<uint8_t> with_xmp(const uint8_t* data, size_t size, const std::string& packet) {
    if (packet.size() > kMaxPacketSize)
        fail(LK_ERR_INVALID_ARGUMENT, "an XMP packet of {} bytes is over JPEG's limit of {} bytes "
             "for the packet in one APP1 segment", packet.size(), kMaxPacketSize);
    const Layout layout = walk(data, size);
    const size_t length = 2 + kXmpSignature.size() + packet.size();
    std::vector<uint8_t> segment{0xFF, kApp1, uint8_t(length >> 8), uint8_t(length)};
    segment.insert(segment.end(), kXmpSignature.begin(), kXmpSignature.end());
    segment.insert(segment.end(), packet.begin(), packet.end());
    return rebuild(data, size, layout, [](const Segment& s) { return s.is_xmp(); }, segment);
}

std::vector<uint8_t> transplant_metadata(const uint8_t* original, size_t original_size,
                                         const uint8_t* encoded, size_t encoded_size) {
    std::vector<uint8_t> carried;
    for (const Segment& segment : walk(original, original_size).segments)
        if (segment.is_metadata())
            carried.insert(carried.end(), original + segment.begin, original + segment.end);
    return rebuild(encoded, encoded_size, walk(encoded, encoded_size),
                   [](const Segment& s) { return s.is_metadata(); }, carried);
}

}  // namespace lk::provenance::jpeg
