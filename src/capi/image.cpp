// C ABI: likeness/image.h
#include "capi/boundary.h"
#include "capi/handles.h"
#include "capi/marking.h"
#include "io/file.h"
#include "io/image_file.h"

#include <cstdlib>

using lk::capi::guarded;
using lk::capi::read_params;
using lk::capi::require;
using lk::capi::wrap;

extern "C" {

void lk_image_save_params_init(lk_image_save_params* params) {
    if (!params) return;
    *params = lk_image_save_params{};
    params->struct_size = sizeof(lk_image_save_params);
    params->format = LK_IMAGE_FORMAT_AUTO;
    params->jpeg_quality = 90;
}

void lk_resize_params_init(lk_resize_params* params) {
    if (!params) return;
    *params = lk_resize_params{};
    params->struct_size = sizeof(lk_resize_params);
    params->filter = LK_RESIZE_DEFAULT;
    params->linear_light = 1;
}

lk_status lk_image_load(const char* path, uint32_t channels, lk_image** out) {
    return guarded([&] {
        require(path, "path");
        require(out, "out");
        *out = wrap(lk::io::load_image(path, channels));
    });
}

lk_status lk_image_decode(const void* data, size_t size, uint32_t channels, lk_image** out) {
    return guarded([&] {
        require(data, "data");
        require(out, "out");
        *out = wrap(lk::io::decode_image(static_cast<const uint8_t*>(data), size, channels,
                                         "image in memory"));
    });
}

lk_status lk_image_create(const lk_image_view* view, lk_image** out) {
    return guarded([&] {
        lk::check_view(view);
        require(out, "out");
        *out = wrap(lk::Image(*view));
    });
}

lk_status lk_image_get_view(const lk_image* image, lk_image_view* out) {
    return guarded([&] {
        require(image, "image");
        require(out, "out");
        *out = image->image.view();
    });
}

uint8_t* lk_image_data(lk_image* image) { return image ? image->image.data() : nullptr; }

void lk_image_free(lk_image* image) { delete image; }

lk_status lk_image_save(const lk_image_view* view, const char* path,
                        const lk_image_save_params* params) {
    return guarded([&] {
        lk::check_view(view);
        require(path, "path");
        const auto p = read_params(params, lk_image_save_params_init, "lk_image_save_params");
        if (!p.provenance) return lk::io::save_image(*view, path, p.format, p.jpeg_quality);
        const lk_image_format format =
            p.format == LK_IMAGE_FORMAT_AUTO ? lk::io::format_from_path(path) : p.format;
        const std::vector<uint8_t> bytes = lk::provenance::encode_marked(
            *view, format, p.jpeg_quality, lk::capi::marking_of(p.provenance));
        lk::io::write_file_atomically(path, bytes.data(), bytes.size());
    });
}

lk_status lk_image_encode(const lk_image_view* view, const lk_image_save_params* params,
                          void** out_data, size_t* out_size) {
    return guarded([&] {
        lk::check_view(view);
        require(params, "params");
        require(out_data, "out_data");
        require(out_size, "out_size");
        const auto p = read_params(params, lk_image_save_params_init, "lk_image_save_params");
        if (p.format == LK_IMAGE_FORMAT_AUTO)
            lk::fail(LK_ERR_INVALID_ARGUMENT, "lk_image_encode needs an explicit format "
                     "(LK_IMAGE_FORMAT_PNG or LK_IMAGE_FORMAT_JPEG); there is no file name to "
                     "tell it from");
        const std::vector<uint8_t> bytes =
            p.provenance ? lk::provenance::encode_marked(*view, p.format, p.jpeg_quality,
                                                         lk::capi::marking_of(p.provenance))
                         : lk::io::encode_image(*view, p.format, p.jpeg_quality);
        void* copy = std::malloc(bytes.size());
        if (!copy) lk::fail(LK_ERR_OUT_OF_MEMORY, "cannot allocate {} bytes", bytes.size());
        std::memcpy(copy, bytes.data(), bytes.size());
        *out_data = copy;
        *out_size = bytes.size();
    });
}

void lk_buffer_free(void* data) { std::free(data); }

lk_status lk_image_convert(const lk_image_view* view, uint32_t channels, lk_image** out) {
    return guarded([&] {
        lk::check_view(view);
        require(out, "out");
        *out = wrap(lk::convert_channels(*view, channels));
    });
}

lk_status lk_image_resize(const lk_image_view* view, uint32_t width, uint32_t height,
                          const lk_resize_params* params, lk_image** out) {
    return guarded([&] {
        lk::check_view(view);
        require(out, "out");
        const auto p = read_params(params, lk_resize_params_init, "lk_resize_params");
        *out = wrap(lk::resize(*view, width, height, p));
    });
}

}  // extern "C"
