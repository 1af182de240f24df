#include "provenance/metadata.h"

#include "core/error.h"
#include "provenance/jpeg_metadata.h"
#include "provenance/png_metadata.h"

#include <fmt/ranges.h>

#include <algorithm>
#include <cstring>

namespace lk::provenance {

namespace {

const char* name_of(Container container) { return container == Container::png ? "PNG" : "JPEG"; }

Container container_of(const uint8_t* data, size_t size, const char* which) {
    if (const auto container = sniff_container(data, size)) return *container;
    fail(LK_ERR_FORMAT, "{} is neither PNG nor JPEG: it starts with [{:02X}], expected the PNG "
         "signature (89 50 4E 47 0D 0A 1A 0A) or a JPEG SOI marker (FF D8 FF)", which,
         fmt::join(data, data + std::min<size_t>(size, 8), " "));
}

}  // namespace

std::optional<Container> sniff_container(const uint8_t* data, size_t size) {
    if (size >= sizeof(png::kSignature) && std::memcmp(data, png::kSignature, sizeof(png::kSignature)) == 0)
        return Container::png;
    if (size >= 3 && data[0] == 0xFF && data[1] == 0xD8 && data[2] == 0xFF) return Container::jpeg;
    return std::nullopt;
}

std::optional<std::string> find_xmp(const uint8_t* data, size_t size) {
    return container_of(data, size, "the image") == Container::png ? png::find_xmp(data, size)
                                                          : jpeg::find_xmp(data, size);
}

std::vector<uint8_t> with_xmp(const uint8_t* data, size_t size, const std::string& packet) {
    return container_of(data, size, "the image") == Container::png ? png::with_xmp(data, size, packet)
                                                          : jpeg::with_xmp(data, size, packet);
}

std::vector<uint8_t> transplant_metadata(const uint8_t* original, size_t original_size,
                                         const uint8_t* encoded, size_t encoded_size) {
    const Container from = container_of(original, original_size, "the original image");
    const Container to = container_of(encoded, encoded_size, "the re-encoded image");
    if (from != to)
        fail(LK_ERR_INVALID_ARGUMENT, "cannot carry metadata from a {} file into a {} file, expected "
             "the re-encoded file in the original's container", name_of(from), name_of(to));
    return from == Container::png
               ? png::transplant_metadata(original, original_size, encoded, encoded_size)
               : jpeg::transplant_metadata(original, original_size, encoded, encoded_size);
}

}  // namespace lk::provenance
