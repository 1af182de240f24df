// Training images from a folder of picture files, and the square fitting that every image
// source shares.
#pragma once

#include "core/context.h"
#include "core/image.h"

#include <ATen/core/Tensor.h>

#include <cstdint>
#include <string>
#include <vector>

namespace lk::data {

// The largest centred square of the view, resized to resolution x resolution with the SDK's
// default resize (a view that is already that square is copied as it is).
Image crop_and_resize(const lk_image_view& view, uint32_t resolution);

// Uninitialized uint8 (count, resolution, resolution, channels) to fill with pixels;
// LK_ERR_OUT_OF_MEMORY naming the size if it cannot be allocated.
at::Tensor empty_batch(int64_t count, uint32_t resolution, uint32_t channels);

// Images of one channel count and one square size, as uint8 (N, C, R, R), contiguous.
at::Tensor images_to_batch(const std::vector<Image>& images);

// Every readable .png, .jpg, .jpeg, .bmp and .tga file under `folder` (recursively, in sorted
// path order; extensions in any case), centre-cropped to a square, resized to `resolution` and
// converted to `channels` (1 or 3; 0 keeps 1 when every image is grey, else 3; alpha is
// dropped). Files that cannot be read or decoded are skipped with a warning through `context`'s
// log (stderr when null). LK_ERR_INVALID_ARGUMENT naming the folder if it is not a folder or
// holds no readable image; LK_ERR_IO if it cannot be listed.
at::Tensor load_image_folder(const std::string& folder, uint32_t resolution, uint32_t channels,
                             const Context* context = nullptr);

}  // namespace lk::data
