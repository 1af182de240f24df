// TensorFlow.js weight files: a JSON manifest (`*-weights_manifest.json`) naming groups of
// weights, each group stored as the concatenation of its shard files beside the manifest. This
// is how the face-api models ship. Values are float32 or int32, stored raw or quantized (uint8
// and uint16 affine: value = q * scale + min, rounded for int32; float16 for float32 only).
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <vector>

namespace lk::io {

enum class TfjsDtype { float32, int32 };
enum class TfjsQuantization { none, uint8, uint16, float16 };

struct TfjsWeightSpec {
    std::string name;
    std::vector<int64_t> shape;
    TfjsDtype dtype = TfjsDtype::float32;
    TfjsQuantization quantization = TfjsQuantization::none;
    double scale = 1.0, min = 0.0;  // uint8 and uint16 only
    size_t group = 0;               // index into TfjsManifest::groups
    size_t offset = 0;              // bytes from the start of the group's data
    size_t byte_size = 0;
    int64_t count = 0;              // elements
};

struct TfjsManifest {
    std::vector<std::vector<std::string>> groups;  // each group's shard file names, in order
    std::vector<size_t> group_sizes;               // bytes each group's weights take
    std::vector<TfjsWeightSpec> weights;           // in manifest order
};

// Parses and checks a manifest: LK_ERR_FORMAT naming `source`, the weight or group and what was
// expected, for JSON that is not such a manifest, an unsupported dtype or quantization, a shape
// that is negative or too large, a repeated weight name, or a shard path that leaves the
// manifest's folder.
TfjsManifest parse_tfjs_manifest(std::string_view json, const std::string& source);

// One weight's values from its stored bytes (spec.byte_size of them) as floats; int32 values
// (anchors, indices) are exact up to 2^24, far beyond what the face models store.
std::vector<float> decode_tfjs_weight(const TfjsWeightSpec& spec, const uint8_t* bytes);

struct TfjsWeight {
    std::vector<int64_t> shape;
    std::vector<float> values;
};

// Every weight of the manifest at `manifest_path`, its shards read from the same folder.
// LK_ERR_IO for a file that cannot be read; LK_ERR_FORMAT when a group's shards do not hold
// exactly the bytes its weights take.
std::map<std::string, TfjsWeight> read_tfjs_weights(const std::string& manifest_path);

}  // namespace lk::io
