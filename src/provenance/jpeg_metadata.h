// JPEG's side of provenance/metadata.h: the metadata segments of a JPEG file.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace lk::provenance::jpeg {

// XMP's limit for the packet in one APP1 segment (ExtendedXMP, which splits larger ones, is not
// written).
inline constexpr size_t kMaxPacketSize = 65502;

std::optional<std::string> find_xmp(const uint8_t* data, size_t size);
std::vector<uint8_t> with_xmp(const uint8_t* data, size_t size, const std::string& packet);
std::vector<uint8_t> transplant_metadata(const uint8_t* original, size_t original_size,
                                         const uint8_t* encoded, size_t encoded_size);

}  // namespace lk::provenance::jpeg
