// What an image says about where it came from: the fields of the XMP packet the SDK writes and
// reads. Empty strings and absent optionals are fields the image does not state.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

namespace lk::provenance {

// IPTC digital source types (full URIs, as they appear in Iptc4xmpExt:DigitalSourceType).
inline constexpr const char* kIptcSourceTypeBase = "http://cv.iptc.org/newscodes/digitalsourcetype/";
inline constexpr const char* kTrainedAlgorithmicMedia =
    "http://cv.iptc.org/newscodes/digitalsourcetype/trainedAlgorithmicMedia";
inline constexpr const char* kCompositeWithTrainedAlgorithmicMedia =
    "http://cv.iptc.org/newscodes/digitalsourcetype/compositeWithTrainedAlgorithmicMedia";

struct Record {
    std::string digital_source_type;  // Iptc4xmpExt:DigitalSourceType, a full URI
    std::string software;             // xmp:CreatorTool, e.g. "Likeness 0.4.0"
    std::string model_name;           // Iptc4xmpExt:AISystemUsed
    std::string model_hash;           // "sha256:<64 hex digits>" of the model file
    std::optional<uint64_t> seed;     // opt-in
    std::string prompt;               // Iptc4xmpExt:AIPromptInformation, opt-in
    std::optional<uint32_t> watermark_payload;  // the payload embedded in the pixels, if any
};

}  // namespace lk::provenance
