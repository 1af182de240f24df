// The header of a safetensors file: which tensors it holds and where their bytes lie.
//
// Layout: an 8-byte little-endian length N, N bytes of JSON (an object mapping each tensor's name
// to {"dtype", "shape", "data_offsets": [begin, end]}, plus an optional "__metadata__" object of
// strings), then the data buffer that the offsets index. Plain C++ without libtorch, so that the
// fuzzer builds from this file alone.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <vector>

namespace lk::io {

enum class SafetensorsDtype : uint8_t {
    F64, F32, F16, BF16, F8_E4M3, F8_E5M2, I64, I32, I16, I8, U64, U32, U16, U8, BOOL,
};

// As the format spells it ("F32"), and the bytes one element takes.
std::string_view dtype_name(SafetensorsDtype dtype);
size_t dtype_size(SafetensorsDtype dtype);

struct SafetensorsEntry {
    std::string name;
    SafetensorsDtype dtype;
    std::vector<int64_t> shape;
    // Byte range [begin, end) within the data buffer, not the file.
    uint64_t begin;
    uint64_t end;
};

struct SafetensorsHeader {
    std::vector<SafetensorsEntry> tensors;  // in the order of their bytes in the data buffer
    std::map<std::string, std::string> metadata;
    uint64_t data_start;  // where the data buffer starts in the file: 8 + N
};

// The reference implementation's limit, which bounds what a hostile file can make us allocate.
inline constexpr uint64_t kSafetensorsMaxHeaderSize = 100'000'000;

// Parses and checks the header of a file of `file_size` bytes, of which `size` bytes from the
// start are at `bytes`; they must reach past the header. Everything that can be checked without
// reading the data is: the JSON, every entry, and that the tensors tile the data buffer exactly,
// with no gap or overlap. LK_ERR_FORMAT naming `source` (the file), the problem and what was
// expected; LK_ERR_INVALID_ARGUMENT if `size` stops inside the header.
SafetensorsHeader parse_safetensors_header(const uint8_t* bytes, size_t size, uint64_t file_size,
                                           const std::string& source);

}  // namespace lk::io
