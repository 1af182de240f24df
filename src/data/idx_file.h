// The idx format of the MNIST family of data sets (MNIST, Fashion-MNIST, KMNIST): a 4-byte
// magic (two zero bytes, a dtype byte, the number of dimensions), each dimension as a big-endian
// uint32, then the values in row-major order. Only dtype 0x08 (unsigned byte) is read, which is
// what every image and label file of those sets uses. Files may be gzip-compressed, as they are
// distributed.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

namespace lk::data {

struct IdxArray {
    std::vector<int64_t> shape;
    std::vector<uint8_t> values;  // row-major; as many as the shape's product
};

// The largest array accepted, in bytes: far above any data set of this format (Fashion-MNIST's
// training images are 47 MB), low enough that a damaged header cannot ask for all memory.
constexpr uint64_t kIdxMaxBytes = uint64_t(1) << 33;

// Parses idx bytes, raw or gzip (told apart by gzip's magic bytes 1f 8b). Every size is checked
// before anything is allocated: a raw file must be exactly header + values long; a gzip stream
// must not claim more values than deflate's largest ratio allows for its length, and must
// inflate to exactly those values. LK_ERR_FORMAT names `source` and what was wrong.
IdxArray parse_idx(const uint8_t* data, size_t size, const std::string& source);

// parse_idx on a file's bytes; LK_ERR_IO if it cannot be read.
IdxArray read_idx_file(const std::string& path);

}  // namespace lk::data
