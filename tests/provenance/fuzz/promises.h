// What the provenance parsers promise for any input, checked by the fuzz targets and by the replay
// of their kept corpora. Input the code refuses throws lk::Error (which must be LK_ERR_FORMAT); a
// broken promise throws std::logic_error.
#pragma once

#include "core/error.h"
#include "provenance/metadata.h"
#include "provenance/xmp.h"

#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace lk::provenance::fuzz {

inline void promise(bool kept, const char* what) {
    if (!kept) throw std::logic_error(what);
}

inline Record sample_record() {
    Record record;
    record.digital_source_type = kTrainedAlgorithmicMedia;
    record.software = "Likeness <fuzz> & co";
    record.model_name = "model";
    record.model_hash = "sha256:00";
    record.seed = 7;
    record.prompt = "prompt\twith \"quotes\"\r\n";
    record.watermark_payload = 0xA5A5A5A5;
    return record;
}

inline bool same(const Record& a, const Record& b) {
    return a.digital_source_type == b.digital_source_type && a.software == b.software &&
           a.model_name == b.model_name && a.model_hash == b.model_hash && a.seed == b.seed &&
           a.prompt == b.prompt && a.watermark_payload == b.watermark_payload;
}

// An XMP packet: ours written into it reads back as ours; what it states survives a round trip
// through write_xmp (where XML can carry it at all).
inline void check_xmp(std::string_view packet) {
    const Record ours = sample_record();
    promise(same(read_xmp(write_xmp(ours, packet)), ours), "our record, written into the packet, reads back");
    const Record theirs = read_xmp(packet);
    std::string rewritten;
    try {
        rewritten = write_xmp(theirs);
    } catch (const Error& e) {
        promise(e.status() == LK_ERR_INVALID_ARGUMENT, "only text XML cannot carry is refused");
        return;
    }
    promise(same(read_xmp(rewritten), theirs), "the packet's record survives a round trip");
}

// Smallest files that pass the structure checks (the pixels are never decoded).
inline const std::vector<uint8_t>& tiny_file(Container container) {
    static const std::vector<uint8_t> png = {
        0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n',
        0, 0, 0, 13, 'I', 'H', 'D', 'R', 0, 0, 0, 1, 0, 0, 0, 1, 8, 0, 0, 0, 0, 0x3A, 0x7E, 0x9B, 0x55,
        0, 0, 0, 10, 'I', 'D', 'A', 'T', 0x78, 0x9C, 0x63, 0x60, 0, 0, 0, 2, 0, 1, 0x48, 0xAF, 0xA4, 0x71,
        0, 0, 0, 0, 'I', 'E', 'N', 'D', 0xAE, 0x42, 0x60, 0x82};
    static const std::vector<uint8_t> jpeg = {0xFF, 0xD8, 0xFF, 0xDB, 0, 3, 0, 0xFF, 0xDA, 0, 2,
                                              0x12, 0xFF, 0xD9};
    return container == Container::png ? png : jpeg;
}

// A PNG or JPEG file: with_xmp's packet is the one found afterwards; transplanting the file's
// metadata onto another carries its packet along.
inline void check_container_metadata(const uint8_t* data, size_t size) {
    const std::optional<std::string> found = find_xmp(data, size);
    const std::string packet = "<x:xmpmeta xmlns:x='adobe:ns:meta/'/>";
    const std::vector<uint8_t> marked = with_xmp(data, size, packet);
    promise(find_xmp(marked.data(), marked.size()) == packet, "with_xmp's packet is found");
    const std::vector<uint8_t>& other = tiny_file(*sniff_container(data, size));
    const std::vector<uint8_t> carried = transplant_metadata(data, size, other.data(), other.size());
    promise(find_xmp(carried.data(), carried.size()) == found, "transplant carries the packet");
}

}  // namespace lk::provenance::fuzz
