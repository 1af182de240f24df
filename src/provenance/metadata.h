// Metadata in encoded image files, PNG or JPEG: finding, replacing and carrying over the XMP
// packet and the other metadata, with every other byte of the file kept as it was.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace lk::provenance {

enum class Container { png, jpeg };

// The container the bytes start like; none for anything else.
std::optional<Container> sniff_container(const uint8_t* data, size_t size);

// The standard XMP packet of a PNG (iTXt XML:com.adobe.xmp, compressed or not) or JPEG (APP1
// http://ns.adobe.com/xap/1.0/) file; none if it has none. The walk validates the structure it
// passes (PNG: chunk lengths, CRCs, IHDR first, IEND; JPEG: SOI, segment lengths up to the first
// scan, an EOI after it): LK_ERR_FORMAT names the chunk or segment and its byte offset.
std::optional<std::string> find_xmp(const uint8_t* data, size_t size);

// The same file with `packet` as its XMP, replacing any it had. PNG: before the first IDAT;
// JPEG: after SOI and the JFIF APP0 and Exif APP1 segments. LK_ERR_INVALID_ARGUMENT for a packet
// over JPEG's 65502 bytes.
std::vector<uint8_t> with_xmp(const uint8_t* data, size_t size, const std::string& packet);

// `encoded`, fresh from an encoder, with the metadata of `original` (the same picture, same
// container, before re-encoding) in place of its own: PNG chunks tEXt zTXt iTXt iCCP eXIf sRGB
// gAMA cHRM pHYs tIME; JPEG APPn segments (Exif, XMP, ICC, IPTC, ...) and COM, except the JFIF
// APP0 and Adobe APP14, which describe the encoding rather than the picture.
// LK_ERR_INVALID_ARGUMENT for files of different containers.
std::vector<uint8_t> transplant_metadata(const uint8_t* original, size_t original_size,
                                         const uint8_t* encoded, size_t encoded_size);

}  // namespace lk::provenance
