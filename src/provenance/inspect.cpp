#include "provenance/inspect.h"

#include "core/error.h"
#include "io/image_file.h"
#include "provenance/metadata.h"
#include "provenance/xmp.h"

namespace lk::provenance {

Report inspect_encoded(const uint8_t* data, size_t size, uint64_t key, const std::string& source) {
    Report report;
    if (sniff_container(data, size)) {
        try {
            if (const std::optional<std::string> packet = find_xmp(data, size)) {
                report.has_metadata = true;
                report.record = read_xmp(*packet);
            }
        } catch (const Error& error) {
            report.metadata_error = error.what();
        }
    }
    const Image image = io::decode_image(data, size, 0, source);
    report.width = image.width();
    report.height = image.height();
    report.watermark = detect_watermark(image.view(), key);
    return report;
}

}  // namespace lk::provenance
