// A tiny labelled data set in the idx format of the MNIST family, for training tests.
#pragma once

#include "support/temp_directory.h"

#include <cstdint>
#include <string>

namespace lk::test {

inline void put_big_endian_u32(std::string& bytes, uint32_t value) {
    for (int shift = 24; shift >= 0; shift -= 8) bytes.push_back(char((value >> shift) & 0xff));
}

// Writes twenty-four 8x8 grey images in two classes into `folder`: a bright square at the top
// left (label 0) or the bottom right (label 1), each a little brighter than the last, with the
// labels file beside them. Returns the images file's path.
inline std::string write_square_idx(const std::string& folder) {
    const int n = 24;
    std::string images, labels;
    put_big_endian_u32(images, 0x0803);
    put_big_endian_u32(images, n);
    put_big_endian_u32(images, 8);
    put_big_endian_u32(images, 8);
    put_big_endian_u32(labels, 0x0801);
    put_big_endian_u32(labels, n);
    for (int i = 0; i < n; ++i) {
        const int label = i % 2, corner = label * 4;
        for (int y = 0; y < 8; ++y)
            for (int x = 0; x < 8; ++x) {
                const bool inside = y >= corner && y < corner + 4 && x >= corner && x < corner + 4;
                images.push_back(char(inside ? 150 + 4 * i : 0));
            }
        labels.push_back(char(label));
    }
    const std::string path = folder + "/squares-images-idx3-ubyte";
    write_bytes(path, images);
    write_bytes(folder + "/squares-labels-idx1-ubyte", labels);
    return path;
}

}  // namespace lk::test
