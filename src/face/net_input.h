// A face-api net's input, built as face-api builds it from an image tensor: the crop padded with
// zeros to a square (all padding after the image, or centred with the odd pixel after), then
// resized to size x size by TensorFlow's legacy bilinear resize (source = destination * in/out,
// no half-pixel centres). The padded square is never materialised: each output pixel samples it.
#pragma once

#include <likeness/image.h>

#include <ATen/core/Tensor.h>

#include <cstdint>
#include <vector>

namespace lk::face {

// Whole pixels of an image; face-api floors a box to these before it slices the image.
struct PixelRect {
    int64_t x = 0, y = 0, width = 0, height = 0;
};

// [3, size, size] float, values 0..255, from an 8-bit RGB view. `crop` must lie inside the image
// and not be empty.
at::Tensor square_input(const lk_image_view& rgb, const PixelRect& crop, bool centred, int64_t size);

// Face crops as the landmark and recognition nets take them: centred squares of `size`, minus
// face-api's mean face colour, over 255; [N, 3, size, size].
at::Tensor face_batch(const lk_image_view& rgb, const std::vector<PixelRect>& crops, int64_t size);

}  // namespace lk::face
