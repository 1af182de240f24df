#include "io/tfjs_manifest.h"

#include "core/error.h"
#include "io/file.h"

#include <nlohmann/json.hpp>

#include <cmath>
#include <cstring>
#include <filesystem>
#include <limits>
#include <set>

namespace lk::io {
namespace {

using nlohmann::json;

// Larger weights than any face model holds by far; keeps every size computation in range.
constexpr int64_t kMaxElements = int64_t(1) << 31;
constexpr size_t kMaxRank = 8;

[[noreturn]] void bad(const std::string& source, const std::string& what) {
    fail(LK_ERR_FORMAT, "tfjs manifest '{}': {}", printable(source), what);
}

const json& member(const json& object, const char* key, const std::string& source,
                   const std::string& where) {
    const auto found = object.find(key);
    if (found == object.end()) bad(source, fmt::format("{} has no \"{}\"", where, key));
    return *found;
}

double number(const json& value, const std::string& source, const std::string& what) {
    if (!value.is_number()) bad(source, fmt::format("{} is not a number", what));
    const double result = value.get<double>();
    if (!std::isfinite(result)) bad(source, fmt::format("{} is not finite", what));
    return result;
}

// A shard is a file beside the manifest: a bare name, so that no manifest reads elsewhere.
void check_shard_path(const json& path, const std::string& source, const std::string& where) {
    if (!path.is_string()) bad(source, fmt::format("{} has a path that is not a string", where));
    const std::string name = path.get<std::string>();
    if (name.empty() || name == "." || name == ".." || name.find('/') != std::string::npos ||
        name.find('\\') != std::string::npos || name.find('\0') != std::string::npos)
        bad(source, fmt::format("{} names shard '{}'; expected a file name beside the manifest",
                                where, printable(name)));
}

TfjsWeightSpec parse_weight(const json& entry, const std::string& source, const std::string& where) {
    if (!entry.is_object()) bad(source, fmt::format("{} is not an object", where));
    TfjsWeightSpec spec;
    const json& name = member(entry, "name", source, where);
    if (!name.is_string() || name.get<std::string>().empty())
        bad(source, fmt::format("{} has a name that is not a non-empty string", where));
    spec.name = name.get<std::string>();
    const std::string what = fmt::format("weight '{}'", printable(spec.name));

    const json& shape = member(entry, "shape", source, what);
    if (!shape.is_array() || shape.size() > kMaxRank)
        bad(source, fmt::format("{} has a shape that is not an array of at most {} sizes", what, kMaxRank));
    spec.count = 1;
    for (const json& size : shape) {
        if (!size.is_number_integer() || size.get<int64_t>() < 0)
            bad(source, fmt::format("{} has a shape entry that is not a size >= 0", what));
        const int64_t n = size.get<int64_t>();
        if (n > 0 && spec.count > kMaxElements / n)
            bad(source, fmt::format("{} has more than 2^31 elements", what));
        spec.count *= n;
        spec.shape.push_back(n);
    }

    const json& dtype = member(entry, "dtype", source, what);
    const std::string type = dtype.is_string() ? dtype.get<std::string>() : "";
    if (type == "float32") spec.dtype = TfjsDtype::float32;
    else if (type == "int32") spec.dtype = TfjsDtype::int32;
    else bad(source, fmt::format("{} has dtype '{}'; expected float32 or int32", what, printable(type)));

    size_t element_size = 4;
    if (const auto q = entry.find("quantization"); q != entry.end()) {
        if (!q->is_object()) bad(source, fmt::format("{} has a quantization that is not an object", what));
        const json& qtype = member(*q, "dtype", source, what + "'s quantization");
        const std::string stored = qtype.is_string() ? qtype.get<std::string>() : "";
        if (stored == "uint8") spec.quantization = TfjsQuantization::uint8, element_size = 1;
        else if (stored == "uint16") spec.quantization = TfjsQuantization::uint16, element_size = 2;
        else if (stored == "float16") spec.quantization = TfjsQuantization::float16, element_size = 2;
        else bad(source, fmt::format("{} is quantized as '{}'; expected uint8, uint16 or float16", what,
                                     printable(stored)));
        if (spec.dtype == TfjsDtype::int32 && spec.quantization == TfjsQuantization::float16)
            bad(source, fmt::format("{} is an int32 stored as float16; int32 takes uint8 or uint16", what));
        if (spec.quantization != TfjsQuantization::float16) {
            spec.scale = number(member(*q, "scale", source, what + "'s quantization"), source, what + "'s scale");
            spec.min = number(member(*q, "min", source, what + "'s quantization"), source, what + "'s min");
        }
    }
    spec.byte_size = size_t(spec.count) * element_size;
    return spec;
}

float half_to_float(uint16_t h) {
    const uint32_t sign = uint32_t(h & 0x8000) << 16, exponent = (h >> 10) & 0x1F, mantissa = h & 0x3FF;
    float magnitude;
    if (exponent == 0) magnitude = std::ldexp(float(mantissa), -24);
    else if (exponent == 31) magnitude = mantissa ? std::numeric_limits<float>::quiet_NaN()
                                                  : std::numeric_limits<float>::infinity();
    else magnitude = std::ldexp(float(mantissa | 0x400), int(exponent) - 25);
    uint32_t bits;
    std::memcpy(&bits, &magnitude, 4);
    bits |= sign;
    float result;
    std::memcpy(&result, &bits, 4);
    return result;
}

uint32_t little_endian32(const uint8_t* p) {
    return uint32_t(p[0]) | uint32_t(p[1]) << 8 | uint32_t(p[2]) << 16 | uint32_t(p[3]) << 24;
}

}  // namespace

TfjsManifest parse_tfjs_manifest(std::string_view text, const std::string& source) {
    const json root = json::parse(text.begin(), text.end(), nullptr, false);
    if (root.is_discarded()) bad(source, "not valid JSON");
    if (!root.is_array() || root.empty()) bad(source, "expected a non-empty array of weight groups");
    TfjsManifest manifest;
    std::set<std::string> names;
    for (size_t g = 0; g < root.size(); ++g) {
        const std::string where = fmt::format("group {}", g);
        if (!root[g].is_object()) bad(source, where + " is not an object");
        const json& paths = member(root[g], "paths", source, where);
        if (!paths.is_array() || paths.empty()) bad(source, where + " has no shard paths");
        std::vector<std::string> shards;
        for (const json& path : paths) {
            check_shard_path(path, source, where);
            shards.push_back(path.get<std::string>());
        }
        const json& weights = member(root[g], "weights", source, where);
        if (!weights.is_array()) bad(source, where + "'s weights is not an array");
        size_t offset = 0;
        for (size_t w = 0; w < weights.size(); ++w) {
            TfjsWeightSpec spec = parse_weight(weights[w], source, fmt::format("{}, weight {}", where, w));
            if (!names.insert(spec.name).second)
                bad(source, fmt::format("weight '{}' appears twice", printable(spec.name)));
            spec.group = g;
            spec.offset = offset;
            offset += spec.byte_size;
            manifest.weights.push_back(std::move(spec));
        }
        manifest.groups.push_back(std::move(shards));
        manifest.group_sizes.push_back(offset);
    }
    return manifest;
}

std::vector<float> decode_tfjs_weight(const TfjsWeightSpec& spec, const uint8_t* bytes) {
    std::vector<float> values(size_t(spec.count));
    // Quantized int32 values round to the nearest integer, as TensorFlow.js decodes them.
    const auto affine = [&](unsigned q) {
        const double value = q * spec.scale + spec.min;
        return float(spec.dtype == TfjsDtype::int32 ? std::round(value) : value);
    };
    for (size_t i = 0; i < values.size(); ++i) {
        switch (spec.quantization) {
        case TfjsQuantization::uint8:
            values[i] = affine(bytes[i]);
            break;
        case TfjsQuantization::uint16:
            values[i] = affine(unsigned(bytes[2 * i] | bytes[2 * i + 1] << 8));
            break;
        case TfjsQuantization::float16:
            values[i] = half_to_float(uint16_t(bytes[2 * i] | bytes[2 * i + 1] << 8));
            break;
        case TfjsQuantization::none: {
            const uint32_t bits = little_endian32(bytes + 4 * i);
            if (spec.dtype == TfjsDtype::int32) {
                values[i] = float(int32_t(bits));
            } else {
                std::memcpy(&values[i], &bits, 4);
            }
            break;
        }
        }
    }
    return values;
}

std::map<std::string, TfjsWeight> read_tfjs_weights(const std::string& manifest_path) {
    const std::vector<uint8_t> text = read_file(manifest_path);
    const TfjsManifest manifest = parse_tfjs_manifest(
        std::string_view(reinterpret_cast<const char*>(text.data()), text.size()), manifest_path);
    const std::filesystem::path folder = std::filesystem::path(manifest_path).parent_path();
    std::vector<std::vector<uint8_t>> data(manifest.groups.size());
    for (size_t g = 0; g < manifest.groups.size(); ++g) {
        for (const std::string& shard : manifest.groups[g]) {
            const std::vector<uint8_t> bytes = read_file((folder / shard).string());
            data[g].insert(data[g].end(), bytes.begin(), bytes.end());
        }
        if (data[g].size() != manifest.group_sizes[g])
            bad(manifest_path, fmt::format("group {}'s shards hold {} bytes; its weights take {}", g,
                                           data[g].size(), manifest.group_sizes[g]));
    }
    std::map<std::string, TfjsWeight> weights;
    for (const TfjsWeightSpec& spec : manifest.weights)
        weights[spec.name] = {spec.shape, decode_tfjs_weight(spec, data[spec.group].data() + spec.offset)};
    return weights;
}

}  // namespace lk::io
