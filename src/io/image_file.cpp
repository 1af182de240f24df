#include "io/image_file.h"

#include "core/error.h"
#include "io/file.h"

#include <algorithm>
#include <climits>
#include <cstdlib>
#include <memory>
#include <optional>

// Only the formats the SDK documents; fewer decoders, less attack surface.
#define STBI_ONLY_PNG
#define STBI_ONLY_JPEG
#define STBI_ONLY_BMP
#define STBI_ONLY_TGA
#define STBI_NO_STDIO
#define STBI_MAX_DIMENSIONS LK_IMAGE_MAX_SIDE
#define STB_IMAGE_STATIC
#define STB_IMAGE_IMPLEMENTATION
#include <stb/stb_image.h>

#define STBI_WRITE_NO_STDIO
#define STB_IMAGE_WRITE_STATIC
#define STB_IMAGE_WRITE_IMPLEMENTATION
#include <stb/stb_image_write.h>

namespace lk::io {

Image decode_image(const uint8_t* data, size_t size, uint32_t channels, const std::string& source) {
    if (channels > 4)
        fail(LK_ERR_INVALID_ARGUMENT, "cannot decode {} to {} channels; expected 0 (as stored) or "
             "1..4", printable(source), channels);
    if (size == 0) fail(LK_ERR_FORMAT, "{} is empty; expected a PNG, JPEG, BMP or TGA image",
                        printable(source));
    if (size > size_t(INT_MAX))
        fail(LK_ERR_FORMAT, "{} is {} bytes; encoded images of at most {} bytes are supported",
             printable(source), size, INT_MAX);
    // Read the header first, so that a claimed 30000x30000 image is refused before any
    // allocation and the message names the real limit.
    int width = 0, height = 0, stored = 0;
    if (!stbi_info_from_memory(data, int(size), &width, &height, &stored))
        fail(LK_ERR_FORMAT, "{} is not a supported image ({}); expected PNG, JPEG, BMP or TGA",
             printable(source), stbi_failure_reason());
    check_image_size(uint32_t(width), uint32_t(height), uint32_t(stored));

    // Decode as stored and convert with convert_channels, so that loading straight to gray
    // gives the same values as loading and converting (stb's own conversion weighs differently).
    int w = 0, h = 0, n = 0;
    stbi_uc* pixels = stbi_load_from_memory(data, int(size), &w, &h, &n, 0);
    if (!pixels) {
        const char* reason = stbi_failure_reason();
        if (reason && std::string_view(reason) == "outofmem")
            fail(LK_ERR_OUT_OF_MEMORY, "out of memory decoding {} ({}x{})", printable(source),
                 width, height);
        fail(LK_ERR_FORMAT, "{} is damaged or unsupported ({})", printable(source),
             reason ? reason : "unknown reason");
    }
    const std::unique_ptr<stbi_uc, void (*)(void*)> owned(pixels, stbi_image_free);
    const lk_image_view view{uint32_t(w), uint32_t(h), uint32_t(n), size_t(w) * uint32_t(n),
                             pixels};
    return channels == 0 || channels == uint32_t(n) ? Image(view) : convert_channels(view, channels);
}

Image load_image(const std::string& path, uint32_t channels) {
    const std::vector<uint8_t> bytes = read_file(path);
    return decode_image(bytes.data(), bytes.size(), channels, "'" + path + "'");
}

lk_image_format format_from_path(const std::string& path) {
    const size_t dot = path.find_last_of('.');
    const size_t slash = path.find_last_of('/');
    std::string ext = dot == std::string::npos || (slash != std::string::npos && dot < slash)
                          ? std::string()
                          : path.substr(dot + 1);
    std::transform(ext.begin(), ext.end(), ext.begin(), [](unsigned char c) {
        return char(std::tolower(c));
    });
    if (ext == "png") return LK_IMAGE_FORMAT_PNG;
    if (ext == "jpg" || ext == "jpeg") return LK_IMAGE_FORMAT_JPEG;
    fail(LK_ERR_INVALID_ARGUMENT, "cannot tell the image format from '{}'; expected a name ending "
         "in .png, .jpg or .jpeg, or an explicit format", printable(path));
}

namespace {

void append_bytes(void* context, void* data, int size) {
    auto* out = static_cast<std::vector<uint8_t>*>(context);
    const auto* bytes = static_cast<const uint8_t*>(data);
    out->insert(out->end(), bytes, bytes + size);
}

}  // namespace

std::vector<uint8_t> encode_image(const lk_image_view& view, lk_image_format format,
                                  int jpeg_quality) {
    check_view(&view);
    std::vector<uint8_t> out;
    int ok = 0;
    switch (format) {
    case LK_IMAGE_FORMAT_PNG:
        ok = stbi_write_png_to_func(append_bytes, &out, int(view.width), int(view.height),
                                    int(view.channels), view.data, int(view.stride));
        break;
    case LK_IMAGE_FORMAT_JPEG: {
        if (jpeg_quality < 1 || jpeg_quality > 100)
            fail(LK_ERR_INVALID_ARGUMENT, "JPEG quality {} is out of range; expected 1..100",
                 jpeg_quality);
        // stb's JPEG writer takes packed rows only.
        std::optional<Image> packed;
        if (view.stride != size_t(view.width) * view.channels) packed.emplace(view);
        const lk_image_view source = packed ? packed->view() : view;
        ok = stbi_write_jpg_to_func(append_bytes, &out, int(source.width), int(source.height),
                                    int(source.channels), source.data, jpeg_quality);
        break;
    }
    default:
        fail(LK_ERR_INVALID_ARGUMENT, "image format {} cannot be encoded; expected PNG ({}) or "
             "JPEG ({})", int(format), int(LK_IMAGE_FORMAT_PNG), int(LK_IMAGE_FORMAT_JPEG));
    }
    if (!ok || out.empty())
        fail(LK_ERR_OUT_OF_MEMORY, "encoding a {}x{} image failed", view.width, view.height);
    return out;
}

void save_image(const lk_image_view& view, const std::string& path, lk_image_format format,
                int jpeg_quality) {
    const lk_image_format resolved = format == LK_IMAGE_FORMAT_AUTO ? format_from_path(path)
                                                                    : format;
    const std::vector<uint8_t> bytes = encode_image(view, resolved, jpeg_quality);
    write_file_atomically(path, bytes.data(), bytes.size());
}

}  // namespace lk::io
