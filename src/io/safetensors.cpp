#include "io/safetensors.h"

#include "core/error.h"
#include "io/file.h"

#include <ATen/ops/empty.h>
#include <ATen/ops/from_blob.h>
#include <ATen/core/grad_mode.h>
#include <c10/util/StringUtil.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <array>
#include <cstring>
#include <set>
#include <string_view>

// The format stores every number little-endian, and tensors are mapped and written as they lie in
// memory.
static_assert(__BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__, "safetensors I/O assumes little-endian");

namespace lk::io {

namespace {

using nlohmann::json;

constexpr std::array<std::pair<SafetensorsDtype, at::ScalarType>, 15> kScalarTypes{{
    {SafetensorsDtype::F64, at::kDouble},
    {SafetensorsDtype::F32, at::kFloat},
    {SafetensorsDtype::F16, at::kHalf},
    {SafetensorsDtype::BF16, at::kBFloat16},
    {SafetensorsDtype::F8_E4M3, at::kFloat8_e4m3fn},
    {SafetensorsDtype::F8_E5M2, at::kFloat8_e5m2},
    {SafetensorsDtype::I64, at::kLong},
    {SafetensorsDtype::I32, at::kInt},
    {SafetensorsDtype::I16, at::kShort},
    {SafetensorsDtype::I8, at::kChar},
    {SafetensorsDtype::U64, at::kUInt64},
    {SafetensorsDtype::U32, at::kUInt32},
    {SafetensorsDtype::U16, at::kUInt16},
    {SafetensorsDtype::U8, at::kByte},
    {SafetensorsDtype::BOOL, at::kBool},
}};

at::ScalarType scalar_type(SafetensorsDtype dtype) {
    for (const auto& [stored, type] : kScalarTypes)
        if (stored == dtype) return type;
    fail(LK_ERR_INTERNAL, "no ScalarType for safetensors dtype {}", dtype_name(dtype));
}

SafetensorsDtype stored_dtype(const std::string& name, at::ScalarType type) {
    for (const auto& [stored, candidate] : kScalarTypes)
        if (candidate == type) return stored;
    std::string known;
    for (const auto& row : kScalarTypes)
        known += fmt::format("{}{}", known.empty() ? "" : ", ", c10::toString(row.second));
    fail(LK_ERR_INVALID_ARGUMENT, "tensor '{}' has dtype {}, which a safetensors file cannot "
         "hold; expected one of {}", printable(name), c10::toString(type), known);
}

// nlohmann refuses to write a string that is not UTF-8; say which one before it gets there.
void require_utf8(const std::string& text, std::string_view what) {
    try {
        json(text).dump();
    } catch (const json::type_error&) {
        fail(LK_ERR_INVALID_ARGUMENT, "{} '{}' is not valid UTF-8; expected UTF-8, as a "
             "safetensors header is JSON", what, printable(text));
    }
}

struct Planned {
    const std::string* name;
    const at::Tensor* tensor;
    SafetensorsDtype dtype;
    uint64_t bytes;
};

std::vector<Planned> plan(const std::vector<std::pair<std::string, at::Tensor>>& tensors) {
    std::vector<Planned> planned;
    std::set<std::string_view> names;
    for (const auto& [name, tensor] : tensors) {
        if (name.empty())
            fail(LK_ERR_INVALID_ARGUMENT, "tensor #{} of {} has an empty name; expected a "
                 "non-empty name", planned.size() + 1, tensors.size());
        if (name == "__metadata__")
            fail(LK_ERR_INVALID_ARGUMENT, "a tensor is named '__metadata__', which safetensors "
                 "reserves for the metadata; expected another name");
        if (!names.insert(name).second)
            fail(LK_ERR_INVALID_ARGUMENT, "two tensors are named '{}'; expected unique names",
                 printable(name));
        require_utf8(name, "the tensor name");
        if (!tensor.defined())
            fail(LK_ERR_INVALID_ARGUMENT, "tensor '{}' is undefined; expected a tensor with "
                 "data", printable(name));
        if (tensor.is_meta())
            fail(LK_ERR_INVALID_ARGUMENT, "tensor '{}' is on the meta device, which holds no "
                 "data; expected a tensor with data", printable(name));
        if (tensor.layout() != at::kStrided)
            fail(LK_ERR_INVALID_ARGUMENT, "tensor '{}' is not dense (sparse or another "
                 "non-strided layout); expected a strided tensor", printable(name));
        const SafetensorsDtype dtype = stored_dtype(name, tensor.scalar_type());
        planned.push_back({&name, &tensor, dtype, uint64_t(tensor.numel()) * dtype_size(dtype)});
    }
    // Sizes are powers of two, so with the larger elements first every offset is a multiple of
    // its tensor's element size: the reader can then map each tensor in place. By name within a
    // size, so that the same tensors always make the same file.
    std::sort(planned.begin(), planned.end(), [](const Planned& a, const Planned& b) {
        const size_t a_size = dtype_size(a.dtype), b_size = dtype_size(b.dtype);
        return a_size != b_size ? a_size > b_size : *a.name < *b.name;
    });
    return planned;
}

// The JSON header, padded with spaces so that the data starts 8-byte aligned in the file.
std::string header_text(const std::vector<Planned>& planned,
                        const std::map<std::string, std::string>& metadata) {
    json header = json::object();
    uint64_t offset = 0;
    for (const Planned& entry : planned) {
        header[*entry.name] = {{"dtype", dtype_name(entry.dtype)},
                               {"shape", entry.tensor->sizes().vec()},
                               {"data_offsets", {offset, offset + entry.bytes}}};
        offset += entry.bytes;
    }
    if (!metadata.empty()) {
        for (const auto& [key, value] : metadata) {
            require_utf8(key, "the metadata key");
            require_utf8(value, "the metadata value");
        }
        header["__metadata__"] = metadata;
    }
    std::string text = header.dump();
    text.append((8 - text.size() % 8) % 8, ' ');
    // Readers, ours and the reference, refuse longer headers: better no file than one nobody reads.
    if (text.size() > kSafetensorsMaxHeaderSize)
        fail(LK_ERR_INVALID_ARGUMENT, "the safetensors header would be {} bytes; expected at most "
             "{}, which readers accept: save fewer tensors or less metadata", text.size(),
             kSafetensorsMaxHeaderSize);
    return text;
}

}  // namespace

SafetensorsFile::SafetensorsFile(std::shared_ptr<const MappedFile> file, SafetensorsHeader header)
    : file_(std::move(file)), header_(std::move(header)) {
    for (size_t i = 0; i < header_.tensors.size(); ++i) index_.emplace(header_.tensors[i].name, i);
}

SafetensorsFile SafetensorsFile::open(const std::string& path) {
    auto file = MappedFile::open(path);
    SafetensorsHeader header =
        parse_safetensors_header(file->data(), file->size(), file->size(), path);
    return SafetensorsFile(std::move(file), std::move(header));
}

std::vector<std::string> SafetensorsFile::names() const {
    std::vector<std::string> names;
    names.reserve(index_.size());
    for (const auto& [name, position] : index_) names.push_back(name);
    return names;
}

const SafetensorsEntry& SafetensorsFile::info(const std::string& name) const {
    const auto found = index_.find(name);
    if (found != index_.end()) return header_.tensors[found->second];
    constexpr size_t kMaxListed = 5;
    std::string listed;
    size_t count = 0;
    for (const auto& [present, position] : index_) {
        if (count++ == kMaxListed) {
            listed += fmt::format(" and {} more", index_.size() - kMaxListed);
            break;
        }
        listed += fmt::format("{}'{}'", listed.empty() ? "" : ", ", printable(present));
    }
    fail(LK_ERR_INVALID_ARGUMENT, "'{}' has no tensor named '{}'; expected one of {}",
         printable(path()), printable(name), listed.empty() ? "none, it holds no tensors" : listed);
}

at::Tensor SafetensorsFile::tensor(const std::string& name) const {
    const SafetensorsEntry& entry = info(name);
    const auto options = at::TensorOptions().dtype(scalar_type(entry.dtype));
    const uint64_t bytes = entry.end - entry.begin;
    // An empty tensor has no bytes to point at (an empty file is not even mapped).
    if (bytes == 0) return at::empty(entry.shape, options);
    const uint8_t* data = file_->data() + header_.data_start + entry.begin;
    if (reinterpret_cast<uintptr_t>(data) % dtype_size(entry.dtype) == 0) {
        // The deleter's copy of the shared_ptr keeps the mapping alive as long as the storage.
        return at::from_blob(const_cast<uint8_t*>(data), entry.shape,
                             [file = file_](void*) {}, options);
    }
    at::Tensor copy = at::empty(entry.shape, options);
    std::memcpy(copy.data_ptr(), data, bytes);
    return copy;
}

void write_safetensors(const std::string& path,
                       const std::vector<std::pair<std::string, at::Tensor>>& tensors,
                       const std::map<std::string, std::string>& metadata) {
    const std::vector<Planned> planned = plan(tensors);
    const std::string header = header_text(planned, metadata);
    uint8_t length[8];
    for (int i = 0; i < 8; ++i) length[i] = uint8_t(uint64_t(header.size()) >> (8 * i));

    AtomicFile out(path);
    out.write(length, sizeof length);
    out.write(header.data(), header.size());
    for (const Planned& entry : planned) {
        // One tensor's copy at a time; CPU contiguous tensors are written where they lie.
        // resolve_neg() applies a pending negation, which the raw bytes would not show.
        const at::Tensor cpu = entry.tensor->cpu().resolve_neg().contiguous();
        out.write(cpu.data_ptr(), entry.bytes);
    }
    out.commit();
}

const std::string& required_metadata(const SafetensorsFile& file, const std::string& key,
                                     const char* what) {
    const auto found = file.metadata().find(key);
    if (found == file.metadata().end())
        fail(LK_ERR_FORMAT, "{} is not a {}: it lacks the metadata \"{}\"", printable(file.path()),
             what, key);
    return found->second;
}

void read_into(const SafetensorsFile& file, const std::string& prefix,
               std::map<std::string, at::Tensor>& tensors) {
    at::NoGradGuard no_grad;
    for (auto& [name, t] : tensors) {
        const std::string key = prefix + name;
        if (!file.contains(key))
            fail(LK_ERR_FORMAT, "{}: tensor {} is missing", printable(file.path()), key);
        const at::Tensor saved = file.tensor(key);
        if (saved.sizes() != t.sizes())
            fail(LK_ERR_FORMAT, "{}: tensor {} has shape {}, expected {}", printable(file.path()),
                 key, c10::str(saved.sizes()), c10::str(t.sizes()));
        t.copy_(saved);
    }
}

}  // namespace lk::io
