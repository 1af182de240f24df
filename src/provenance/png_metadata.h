// PNG's side of provenance/metadata.h: the metadata chunks of a PNG file.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace lk::provenance::png {

inline constexpr uint8_t kSignature[8] = {0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'};

std::optional<std::string> find_xmp(const uint8_t* data, size_t size);
std::vector<uint8_t> with_xmp(const uint8_t* data, size_t size, const std::string& packet);
std::vector<uint8_t> transplant_metadata(const uint8_t* original, size_t original_size,
                                         const uint8_t* encoded, size_t encoded_size);

}  // namespace lk::provenance::png
