// The sample tensors that tests/io/reference_samples.py describes too: one per dtype, a 0-d and
// an empty tensor, each filled with a byte pattern. Both implementations write and check the same
// list, so a file made by either can be compared with it byte for byte.
#pragma once

#include <ATen/core/Tensor.h>
#include <ATen/ops/empty.h>

#include <cstdint>
#include <cstring>
#include <map>
#include <string>
#include <vector>

namespace lk::test {

struct Sample {
    std::string name;
    at::ScalarType dtype;
    std::vector<int64_t> shape;
    int seed;
};

inline const std::vector<Sample>& samples() {
    static const std::vector<Sample> list = {
        {"F64", at::kDouble, {2, 3}, 0},
        {"F32", at::kFloat, {2, 3}, 1},
        {"F16", at::kHalf, {2, 3}, 2},
        {"BF16", at::kBFloat16, {2, 3}, 3},
        {"F8_E4M3", at::kFloat8_e4m3fn, {2, 3}, 4},
        {"F8_E5M2", at::kFloat8_e5m2, {2, 3}, 5},
        {"I64", at::kLong, {2, 3}, 6},
        {"I32", at::kInt, {2, 3}, 7},
        {"I16", at::kShort, {2, 3}, 8},
        {"I8", at::kChar, {2, 3}, 9},
        {"U64", at::kUInt64, {2, 3}, 10},
        {"U32", at::kUInt32, {2, 3}, 11},
        {"U16", at::kUInt16, {2, 3}, 12},
        {"U8", at::kByte, {2, 3}, 13},
        {"BOOL", at::kBool, {2, 3}, 14},
        {"scalar", at::kDouble, {}, 15},
        {"empty", at::kInt, {3, 0}, 16},
    };
    return list;
}

inline const std::map<std::string, std::string>& sample_metadata() {
    static const std::map<std::string, std::string> metadata = {
        {"format", "pt"}, {"note", "caf\u00e9 \u2713, two words"}};
    return metadata;
}

// Byte i of a sample. Bools take 0 or 1 only: other bytes are not valid bools in torch.
inline std::vector<uint8_t> sample_bytes(const Sample& sample, size_t count) {
    std::vector<uint8_t> bytes(count);
    for (size_t i = 0; i < count; ++i)
        bytes[i] = sample.dtype == at::kBool ? uint8_t((sample.seed + i) % 2)
                                             : uint8_t((sample.seed * 7 + i * 13) % 256);
    return bytes;
}

inline std::vector<uint8_t> tensor_bytes(const at::Tensor& tensor) {
    const at::Tensor dense = tensor.contiguous();
    std::vector<uint8_t> bytes(dense.nbytes());
    if (!bytes.empty()) std::memcpy(bytes.data(), dense.data_ptr(), bytes.size());
    return bytes;
}

inline at::Tensor make_sample(const Sample& sample) {
    at::Tensor tensor = at::empty(sample.shape, at::TensorOptions().dtype(sample.dtype));
    const std::vector<uint8_t> bytes = sample_bytes(sample, tensor.nbytes());
    if (!bytes.empty()) std::memcpy(tensor.data_ptr(), bytes.data(), bytes.size());
    return tensor;
}

}  // namespace lk::test
