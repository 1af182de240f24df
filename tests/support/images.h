// Images with known content, for the tests of every area.
#pragma once

#include "core/image.h"

#include <algorithm>
#include <cstring>

namespace lk::test {

// Smooth gradients (no wrap-around) with a different slope per channel, so that channel swaps
// and off-by-one rows show up.
inline Image gradient(uint32_t width, uint32_t height, uint32_t channels) {
    Image image(width, height, channels);
    const uint32_t wx = width > 1 ? width - 1 : 1, wy = height > 1 ? height - 1 : 1;
    for (uint32_t y = 0; y < height; ++y)
        for (uint32_t x = 0; x < width; ++x)
            for (uint32_t c = 0; c < channels; ++c)
                image.data()[(size_t(y) * width + x) * channels + c] =
                    uint8_t(x * 150 / wx + y * 40 / wy + c * 20);
    return image;
}

inline Image constant(uint32_t width, uint32_t height, uint32_t channels, uint8_t value) {
    Image image(width, height, channels);
    std::fill(image.data(), image.data() + size_t(width) * height * channels, value);
    return image;
}

inline bool same_pixels(const lk_image_view& a, const lk_image_view& b) {
    if (a.width != b.width || a.height != b.height || a.channels != b.channels) return false;
    for (uint32_t y = 0; y < a.height; ++y)
        if (std::memcmp(a.data + y * a.stride, b.data + y * b.stride, size_t(a.width) * a.channels))
            return false;
    return true;
}

}  // namespace lk::test
