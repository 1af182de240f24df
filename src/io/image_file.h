// Image codecs: PNG, JPEG, BMP and TGA in; PNG and JPEG out.
#pragma once

#include "core/image.h"

#include <string>
#include <vector>

namespace lk::io {

// Decodes an encoded image. `source` names it in error messages (a path, or "memory").
// channels 0 keeps the stored count. LK_ERR_FORMAT for data that is not a supported image.
Image decode_image(const uint8_t* data, size_t size, uint32_t channels, const std::string& source);
Image load_image(const std::string& path, uint32_t channels);

// The format a path's extension names; LK_ERR_INVALID_ARGUMENT if it names none we write.
lk_image_format format_from_path(const std::string& path);

std::vector<uint8_t> encode_image(const lk_image_view& view, lk_image_format format,
                                  int jpeg_quality);
// Encodes and writes all-or-nothing; AUTO takes the format from the path.
void save_image(const lk_image_view& view, const std::string& path, lk_image_format format,
                int jpeg_quality);

}  // namespace lk::io
