// Training data for the generative models: images (and class labels where the source has them)
// from a folder of pictures, Fashion-MNIST as Debian's dataset-fashion-mnist package installs
// it, or any idx images file.
#pragma once

#include "core/context.h"

#include <ATen/core/Tensor.h>

#include <cstdint>
#include <string>

namespace lk::data {

struct Dataset {
    at::Tensor images;        // uint8 (N, C, R, R), CPU, contiguous
    at::Tensor labels;        // int64 (N) class indices, or undefined when unlabelled
    int64_t num_classes = 0;  // 1 + the largest label; 0 when unlabelled
    std::string description;  // e.g. "Fashion-MNIST train, 60000 images 28x28 -> 32x32"
};

// Where Debian's dataset-fashion-mnist package puts the gzip idx files.
constexpr const char* kFashionMnistFolder = "/usr/share/datasets/fashion-mnist";

// source: a folder of images (see image_folder.h); "fashion-mnist" (the training split),
// "fashion-mnist:train" or "fashion-mnist:test" (Debian's files); or the path of an idx images
// file, raw or gzip, of shape (N, H, W) or (N, H, W, C), with labels from the matching labels
// file when it exists ("...-images-idx3-ubyte[.gz]" -> "...-labels-idx1-ubyte[.gz]").
// resolution: a power of two in [4, 4096]. channels: 1 or 3 (grey is repeated, colour becomes
// Rec. 709 luma), 0 keeps the source's own. idx images no larger than the resolution are centred
// on a black canvas, which keeps their pixels exact (Fashion-MNIST's 28x28 at 32 and above);
// larger ones are centre-cropped to a square and resized. Unreadable images in a folder are
// skipped with a warning through `context`'s log (stderr when null).
// LK_ERR_INVALID_ARGUMENT for a bad resolution, channels or source; LK_ERR_IO for missing files;
// LK_ERR_FORMAT for damaged idx files or labels that do not match the images.
Dataset load_dataset(const std::string& source, int64_t resolution, int64_t channels,
                     const Context* context = nullptr);

}  // namespace lk::data
