// Marking images as synthetic: the watermark into the pixels and the record into the file's XMP,
// both on the way to a PNG or JPEG file.
#pragma once

#include "core/image.h"
#include "provenance/record.h"

#include <cstdint>
#include <string>
#include <vector>

namespace lk::provenance {

struct Marking {
    Record record;  // record.watermark_payload is set by marking, when the watermark goes in
    bool watermark = true;
    uint32_t payload = 0;
    uint64_t key = 0;
};

// `view` encoded as `format` (PNG or JPEG) with the marking: watermarked when asked and the image
// is at least kWatermarkMinSide each way, otherwise metadata alone.
std::vector<uint8_t> encode_marked(const lk_image_view& view, lk_image_format format,
                                   int jpeg_quality, Marking marking);

// Decodes `in_path`, marks it and writes `out_path` all-or-nothing in `format` (AUTO: from
// out_path's extension). Metadata of the input is carried over when the container stays the
// same; an existing XMP packet is kept in any case, with the record merged into it.
void mark_file(const std::string& in_path, const std::string& out_path, lk_image_format format,
               int jpeg_quality, Marking marking);

}  // namespace lk::provenance
