// The SDK's pixel buffer and the pixel operations that need no codec: validation, channel
// conversion and resizing. Decoding and encoding live in io/image_file.h.
#pragma once

#include <likeness/image.h>

#include <cstdint>
#include <vector>

namespace lk {

class Image {
public:
    Image(uint32_t width, uint32_t height, uint32_t channels);
    // Copies the pixels a view borrows.
    explicit Image(const lk_image_view& view);

    uint32_t width() const { return width_; }
    uint32_t height() const { return height_; }
    uint32_t channels() const { return channels_; }
    uint8_t* data() { return pixels_.data(); }
    const uint8_t* data() const { return pixels_.data(); }
    lk_image_view view() const;

private:
    uint32_t width_, height_, channels_;
    std::vector<uint8_t> pixels_;
};

// Throws LK_ERR_INVALID_ARGUMENT unless width x height x channels is a legal image size.
void check_image_size(uint32_t width, uint32_t height, uint32_t channels);
// Throws LK_ERR_INVALID_ARGUMENT unless the view is usable (size, stride, non-NULL data).
void check_view(const lk_image_view* view);

Image convert_channels(const lk_image_view& view, uint32_t channels);
Image resize(const lk_image_view& view, uint32_t width, uint32_t height,
             const lk_resize_params& params);

}  // namespace lk
