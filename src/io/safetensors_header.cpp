#include "io/safetensors_header.h"

#include "core/error.h"

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <array>
#include <limits>
#include <set>

namespace lk::io {

namespace {

using nlohmann::json;

struct DtypeInfo {
    SafetensorsDtype dtype;
    std::string_view name;
    size_t size;
};

// In the enum's order, so that a dtype indexes its own row.
constexpr std::array<DtypeInfo, 15> kDtypes{{
    {SafetensorsDtype::F64, "F64", 8},
    {SafetensorsDtype::F32, "F32", 4},
    {SafetensorsDtype::F16, "F16", 2},
    {SafetensorsDtype::BF16, "BF16", 2},
    {SafetensorsDtype::F8_E4M3, "F8_E4M3", 1},
    {SafetensorsDtype::F8_E5M2, "F8_E5M2", 1},
    {SafetensorsDtype::I64, "I64", 8},
    {SafetensorsDtype::I32, "I32", 4},
    {SafetensorsDtype::I16, "I16", 2},
    {SafetensorsDtype::I8, "I8", 1},
    {SafetensorsDtype::U64, "U64", 8},
    {SafetensorsDtype::U32, "U32", 4},
    {SafetensorsDtype::U16, "U16", 2},
    {SafetensorsDtype::U8, "U8", 1},
    {SafetensorsDtype::BOOL, "BOOL", 1},
}};

constexpr bool rows_follow_enum() {
    for (size_t i = 0; i < kDtypes.size(); ++i)
        if (size_t(kDtypes[i].dtype) != i) return false;
    return true;
}
static_assert(rows_follow_enum());

// A valid header nests three levels (header, entry, shape); a few more let a slightly wrong
// entry get a precise message, and the bound keeps hostile nesting from costing anything.
constexpr int kMaxDepth = 8;

constexpr std::string_view kMetadataKey = "__metadata__";

// Text for a message: printable, and cut short, since a hostile header can hold names and
// values of any length.
std::string shown(std::string_view text) {
    constexpr size_t kMaxShown = 80;
    if (text.size() <= kMaxShown) return printable(text);
    return printable(text.substr(0, kMaxShown)) + "...";
}

// A JSON value as a message can show it: scalars as written, short lists of scalars item by
// item, anything bigger by its kind.
std::string describe(const json& value) {
    if (value.is_object()) return "a JSON object";
    if (value.is_array()) {
        constexpr size_t kMaxItems = 4;
        const bool flat = std::none_of(value.begin(), value.end(),
                                       [](const json& item) { return item.is_structured(); });
        if (!flat || value.size() > kMaxItems)
            return fmt::format("a JSON array of {} items", value.size());
        std::string items;
        for (const json& item : value) items += (items.empty() ? "" : ", ") + describe(item);
        return "[" + items + "]";
    }
    return shown(value.dump());
}

template <typename... Args>
[[noreturn]] void fail_format(const std::string& source, fmt::format_string<Args...> format,
                              Args&&... args) {
    fail(LK_ERR_FORMAT, "'{}' is not a valid safetensors file: {}", printable(source),
         fmt::format(format, std::forward<Args>(args)...));
}

class HeaderParser {
public:
    HeaderParser(const std::string& source, uint64_t data_size)
        : source_(source), data_size_(data_size) {}

    template <typename... Args>
    [[noreturn]] void fail(fmt::format_string<Args...> format, Args&&... args) const {
        fail_format(source_, format, std::forward<Args>(args)...);
    }

    json parse_json(std::string_view text) {
        // Duplicate keys would silently keep the last value; one key set per open object.
        std::vector<std::set<std::string>> open_objects;
        json::parser_callback_t check = [&](int depth, json::parse_event_t event, json& parsed) {
            switch (event) {
            case json::parse_event_t::object_start:
            case json::parse_event_t::array_start:
                if (depth >= kMaxDepth)
                    fail("the header nests JSON deeper than {} levels; a safetensors header "
                         "needs 3", kMaxDepth);
                if (event == json::parse_event_t::object_start) open_objects.emplace_back();
                break;
            case json::parse_event_t::key: {
                const auto& key = parsed.get_ref<const std::string&>();
                if (!open_objects.back().insert(key).second) {
                    if (depth == 1 && key != kMetadataKey)
                        fail("tensor '{}' is named twice", shown(key));
                    fail("the key '{}' appears twice in one JSON object", shown(key));
                }
                break;
            }
            case json::parse_event_t::object_end:
                open_objects.pop_back();
                break;
            default:
                break;
            }
            return true;
        };
        try {
            return json::parse(text.begin(), text.end(), check);
        } catch (const json::exception& e) {
            fail("the header is not valid UTF-8 JSON ({})", printable(e.what()));
        }
    }

    SafetensorsEntry parse_entry(const std::string& name, const json& value) const {
        const std::string quoted = shown(name);
        if (!value.is_object())
            fail("tensor '{}' is described by {}; expected an object with dtype, shape and "
                 "data_offsets", quoted, describe(value));
        for (const auto& item : value.items())
            if (item.key() != "dtype" && item.key() != "shape" && item.key() != "data_offsets")
                fail("tensor '{}' has the unexpected key '{}'; expected only dtype, shape and "
                     "data_offsets", quoted, shown(item.key()));
        const auto field = [&](const char* key) -> const json& {
            const auto found = value.find(key);
            if (found == value.end()) fail("tensor '{}' has no {}", quoted, key);
            return *found;
        };

        SafetensorsEntry entry{name, parse_dtype(quoted, field("dtype")), {}, 0, 0};

        const json& shape = field("shape");
        if (!shape.is_array())
            fail("tensor '{}' has shape {}; expected a list of non-negative integers", quoted,
                 describe(shape));
        uint64_t elements = 1;
        for (const json& dimension : shape) {
            if (!dimension.is_number_unsigned() ||
                dimension.get<uint64_t>() > uint64_t(std::numeric_limits<int64_t>::max()))
                fail("tensor '{}' has the dimension {} in its shape; expected a non-negative "
                     "integer below 2^63", quoted, describe(dimension));
            const uint64_t size = dimension.get<uint64_t>();
            if (__builtin_mul_overflow(elements, size, &elements) ||
                elements > uint64_t(std::numeric_limits<int64_t>::max()))
                fail("tensor '{}' has more elements than 2^63-1; expected a shape whose product "
                     "fits in a signed 64-bit integer", quoted);
            entry.shape.push_back(int64_t(size));
        }

        const json& offsets = field("data_offsets");
        if (!offsets.is_array() || offsets.size() != 2 || !offsets[0].is_number_unsigned() ||
            !offsets[1].is_number_unsigned())
            fail("tensor '{}' has data_offsets {}; expected [begin, end], two non-negative "
                 "integers", quoted, describe(offsets));
        entry.begin = offsets[0].get<uint64_t>();
        entry.end = offsets[1].get<uint64_t>();
        if (entry.begin > entry.end)
            fail("tensor '{}' has data_offsets [{}, {}]; expected begin <= end", quoted,
                 entry.begin, entry.end);
        if (entry.end > data_size_)
            fail("tensor '{}' ends at byte {} of the data; expected at most {}, the size of the "
                 "data after the header", quoted, entry.end, data_size_);
        const size_t element_size = dtype_size(entry.dtype);
        uint64_t bytes = 0;
        if (__builtin_mul_overflow(elements, element_size, &bytes))
            fail("tensor '{}' has {} elements of {}, more than 2^64 bytes; expected a shape that "
                 "fits in memory", quoted, elements, dtype_name(entry.dtype));
        if (bytes != entry.end - entry.begin)
            fail("tensor '{}' has {} bytes (data_offsets [{}, {}]); expected {}, for {} elements "
                 "of {}", quoted, entry.end - entry.begin, entry.begin, entry.end, bytes, elements,
                 dtype_name(entry.dtype));
        return entry;
    }

    std::map<std::string, std::string> parse_metadata(const json& value) const {
        if (!value.is_object())
            fail("{} is {}; expected an object mapping strings to strings", kMetadataKey,
                 describe(value));
        std::map<std::string, std::string> metadata;
        for (const auto& item : value.items()) {
            if (!item.value().is_string())
                fail("{} maps '{}' to {}; expected a string", kMetadataKey, shown(item.key()),
                     describe(item.value()));
            metadata.emplace(item.key(), item.value().get<std::string>());
        }
        return metadata;
    }

    // The data buffer must be exactly the tensors' bytes end to end, as the format requires:
    // any unclaimed or doubly claimed byte means the file is damaged or was not written by a
    // safetensors writer.
    void check_tiling(std::vector<SafetensorsEntry>& tensors) const {
        std::sort(tensors.begin(), tensors.end(), [](const auto& a, const auto& b) {
            return std::tie(a.begin, a.end, a.name) < std::tie(b.begin, b.end, b.name);
        });
        uint64_t covered = 0;
        const SafetensorsEntry* previous = nullptr;
        for (const SafetensorsEntry& entry : tensors) {
            if (entry.begin < covered)
                fail("tensor '{}' starts at byte {} of the data, inside tensor '{}' (bytes {} to "
                     "{}); expected tensors not to overlap", shown(entry.name), entry.begin,
                     shown(previous->name), previous->begin, previous->end);
            check_no_gap(covered, entry.begin);
            covered = entry.end;
            previous = &entry;
        }
        check_no_gap(covered, data_size_);
    }

private:
    SafetensorsDtype parse_dtype(const std::string& quoted, const json& value) const {
        if (value.is_string()) {
            const auto& name = value.get_ref<const std::string&>();
            for (const DtypeInfo& row : kDtypes)
                if (row.name == name) return row.dtype;
        }
        std::string known;
        for (const DtypeInfo& row : kDtypes)
            known += fmt::format("{}{}", known.empty() ? "" : ", ", row.name);
        fail("tensor '{}' has dtype {}; expected one of {}", quoted, describe(value), known);
    }

    void check_no_gap(uint64_t covered, uint64_t next) const {
        if (next > covered)
            fail("bytes {} to {} of the data belong to no tensor; expected the tensors to cover "
                 "the data without gaps", covered, next);
    }

    const std::string& source_;
    uint64_t data_size_;
};

}  // namespace

std::string_view dtype_name(SafetensorsDtype dtype) { return kDtypes[size_t(dtype)].name; }
size_t dtype_size(SafetensorsDtype dtype) { return kDtypes[size_t(dtype)].size; }

SafetensorsHeader parse_safetensors_header(const uint8_t* bytes, size_t size, uint64_t file_size,
                                           const std::string& source) {
    if (file_size < 8)
        fail_format(source, "it is {} bytes long; expected at least 8, the header's length",
                    file_size);
    const auto require_given = [&](uint64_t needed) {
        if (size < needed)
            fail(LK_ERR_INVALID_ARGUMENT, "only the first {} bytes of '{}' were given; its "
                 "header needs {}", size, printable(source), needed);
    };
    require_given(8);
    uint64_t header_size = 0;
    for (int i = 7; i >= 0; --i) header_size = header_size << 8 | bytes[i];
    const uint64_t after_length = file_size - 8;
    if (header_size > after_length)
        fail_format(source, "the header is {} bytes; expected at most {}, the bytes after its "
                    "length", header_size, after_length);
    if (header_size > kSafetensorsMaxHeaderSize)
        fail_format(source, "the header is {} bytes; expected at most {}", header_size,
                    kSafetensorsMaxHeaderSize);
    require_given(8 + header_size);

    HeaderParser parser(source, after_length - header_size);
    const std::string_view text(reinterpret_cast<const char*>(bytes) + 8, header_size);
    if (text.empty())
        parser.fail("the header is empty; expected a JSON object");
    if (text.front() != '{')
        parser.fail("the header starts with '{}'; expected '{{', a JSON object",
                    printable(text.substr(0, 1)));
    const json root = parser.parse_json(text);

    SafetensorsHeader header{{}, {}, 8 + header_size};
    for (const auto& item : root.items()) {
        if (item.key() == kMetadataKey)
            header.metadata = parser.parse_metadata(item.value());
        else
            header.tensors.push_back(parser.parse_entry(item.key(), item.value()));
    }
    parser.check_tiling(header.tensors);
    return header;
}

}  // namespace lk::io
