#include "core/image.h"

#include "core/error.h"

#define STB_IMAGE_RESIZE_IMPLEMENTATION
#define STB_IMAGE_RESIZE_STATIC
#include <stb/stb_image_resize.h>

#include <cstring>

namespace lk {

static_assert(LK_RESIZE_BOX == static_cast<int>(STBIR_FILTER_BOX));
static_assert(LK_RESIZE_TRIANGLE == static_cast<int>(STBIR_FILTER_TRIANGLE));
static_assert(LK_RESIZE_CUBIC_BSPLINE == static_cast<int>(STBIR_FILTER_CUBICBSPLINE));
static_assert(LK_RESIZE_CATMULL_ROM == static_cast<int>(STBIR_FILTER_CATMULLROM));
static_assert(LK_RESIZE_MITCHELL == static_cast<int>(STBIR_FILTER_MITCHELL));

void check_image_size(uint32_t width, uint32_t height, uint32_t channels) {
    if (channels < 1 || channels > 4)
        fail(LK_ERR_INVALID_ARGUMENT, "image has {} channels; expected 1 (gray), 2 (gray+alpha), "
             "3 (RGB) or 4 (RGBA)", channels);
    if (width == 0 || height == 0 || width > LK_IMAGE_MAX_SIDE || height > LK_IMAGE_MAX_SIDE)
        fail(LK_ERR_INVALID_ARGUMENT, "image size {}x{} is out of range; each side must be 1 to {} "
             "pixels", width, height, LK_IMAGE_MAX_SIDE);
    if (uint64_t(width) * height > LK_IMAGE_MAX_PIXELS)
        fail(LK_ERR_INVALID_ARGUMENT, "image size {}x{} has {} pixels; at most {} are accepted",
             width, height, uint64_t(width) * height, LK_IMAGE_MAX_PIXELS);
}

void check_view(const lk_image_view* view) {
    if (!view) fail(LK_ERR_INVALID_ARGUMENT, "image view is NULL");
    check_image_size(view->width, view->height, view->channels);
    if (!view->data) fail(LK_ERR_INVALID_ARGUMENT, "image view has NULL data");
    const size_t row = size_t(view->width) * view->channels;
    if (view->stride < row)
        fail(LK_ERR_INVALID_ARGUMENT, "image view stride {} is smaller than a row ({} pixels x {} "
             "channels = {} bytes)", view->stride, view->width, view->channels, row);
    if (view->stride > size_t(INT32_MAX))
        fail(LK_ERR_INVALID_ARGUMENT, "image view stride {} is too large; at most {} bytes",
             view->stride, INT32_MAX);
}

Image::Image(uint32_t width, uint32_t height, uint32_t channels)
    : width_(width), height_(height), channels_(channels) {
    check_image_size(width, height, channels);
    try {
        pixels_.resize(size_t(width) * height * channels);
    } catch (const std::bad_alloc&) {
        fail(LK_ERR_OUT_OF_MEMORY, "cannot allocate a {}x{}x{} image", width, height, channels);
    }
}

Image::Image(const lk_image_view& view) : Image(view.width, view.height, view.channels) {
    const size_t row = size_t(width_) * channels_;
    for (uint32_t y = 0; y < height_; ++y)
        std::memcpy(pixels_.data() + y * row, view.data + y * view.stride, row);
}

lk_image_view Image::view() const {
    return lk_image_view{width_, height_, channels_, size_t(width_) * channels_, pixels_.data()};
}

namespace {

// Rec. 709 luma in 8-bit fixed point (weights sum to 256).
uint8_t luma(const uint8_t* rgb) {
    return uint8_t((54u * rgb[0] + 183u * rgb[1] + 19u * rgb[2] + 128u) >> 8);
}

bool has_alpha(uint32_t channels) { return channels == 2 || channels == 4; }

}  // namespace

Image convert_channels(const lk_image_view& view, uint32_t channels) {
    check_view(&view);
    Image out(view.width, view.height, channels);
    const uint32_t from = view.channels;
    uint8_t* dst = out.data();
    for (uint32_t y = 0; y < view.height; ++y) {
        const uint8_t* src = view.data + y * view.stride;
        for (uint32_t x = 0; x < view.width; ++x, src += from, dst += channels) {
            const bool colour_in = from >= 3;
            const uint8_t alpha = has_alpha(from) ? src[from - 1] : 255;
            if (channels >= 3) {
                for (int c = 0; c < 3; ++c) dst[c] = colour_in ? src[c] : src[0];
            } else {
                dst[0] = colour_in ? luma(src) : src[0];
            }
            if (has_alpha(channels)) dst[channels - 1] = alpha;
        }
    }
    return out;
}

Image resize(const lk_image_view& view, uint32_t width, uint32_t height,
             const lk_resize_params& params) {
    check_view(&view);
    if (params.filter < LK_RESIZE_DEFAULT || params.filter > LK_RESIZE_MITCHELL)
        fail(LK_ERR_INVALID_ARGUMENT, "resize filter {} is unknown; expected 0..5 (lk_resize_filter)",
             int(params.filter));
    Image out(width, height, view.channels);
    const int alpha = has_alpha(view.channels) ? int(view.channels) - 1 : STBIR_ALPHA_CHANNEL_NONE;
    const stbir_colorspace space = params.linear_light ? STBIR_COLORSPACE_SRGB
                                                       : STBIR_COLORSPACE_LINEAR;
    const int ok = stbir_resize_uint8_generic(
        view.data, int(view.width), int(view.height), int(view.stride), out.data(), int(width),
        int(height), int(width * view.channels), int(view.channels), alpha, 0, STBIR_EDGE_CLAMP,
        static_cast<stbir_filter>(params.filter), space, nullptr);
    if (!ok)
        fail(LK_ERR_OUT_OF_MEMORY, "resizing {}x{} to {}x{} ran out of memory", view.width,
             view.height, width, height);
    return out;
}

}  // namespace lk
