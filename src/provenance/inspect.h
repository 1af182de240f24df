// Reading back what an encoded image says about its origin: its XMP record and its watermark.
#pragma once

#include "provenance/record.h"
#include "provenance/watermark.h"

#include <cstdint>
#include <string>

namespace lk::provenance {

struct Report {
    uint32_t width = 0, height = 0;
    bool has_metadata = false;   // an XMP packet is present
    std::string metadata_error;  // why it could not be read, when it could not
    Record record;
    Detection watermark;
};

// `source` names the data in error messages. LK_ERR_FORMAT when the pixels cannot be decoded;
// damaged metadata only fills metadata_error, so that the watermark is still looked for.
Report inspect_encoded(const uint8_t* data, size_t size, uint64_t key, const std::string& source);

}  // namespace lk::provenance
