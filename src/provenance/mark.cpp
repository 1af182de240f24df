#include "provenance/mark.h"

#include "core/error.h"
#include "io/file.h"
#include "io/image_file.h"
#include "provenance/metadata.h"
#include "provenance/watermark.h"
#include "provenance/xmp.h"

#include <optional>

namespace lk::provenance {
namespace {

bool fits_watermark(const lk_image_view& view) {
    return view.width >= kWatermarkMinSide && view.height >= kWatermarkMinSide;
}

// The pixels to encode: the input's, or a watermarked copy held in `storage`. Pixels that
// already carry this payload under this key (images from a generator, which marks them as it
// makes them) are not marked again: a second pass could only add distortion.
lk_image_view marked_pixels(const lk_image_view& view, Marking& marking, std::optional<Image>& storage) {
    if (!marking.watermark || !fits_watermark(view)) return view;
    marking.record.watermark_payload = marking.payload;
    const Detection present = detect_watermark(view, marking.key);
    if (present.found && present.payload == marking.payload) return view;
    storage.emplace(embed_watermark(view, marking.payload, marking.key).image);
    return storage->view();
}

std::optional<Container> container_of(lk_image_format format) {
    if (format == LK_IMAGE_FORMAT_PNG) return Container::png;
    if (format == LK_IMAGE_FORMAT_JPEG) return Container::jpeg;
    return std::nullopt;
}

}  // namespace

std::vector<uint8_t> encode_marked(const lk_image_view& view, lk_image_format format,
                                   int jpeg_quality, Marking marking) {
    std::optional<Image> storage;
    const lk_image_view pixels = marked_pixels(view, marking, storage);
    const std::vector<uint8_t> encoded = io::encode_image(pixels, format, jpeg_quality);
    return with_xmp(encoded.data(), encoded.size(), write_xmp(marking.record));
}

void mark_file(const std::string& in_path, const std::string& out_path, lk_image_format format,
               int jpeg_quality, Marking marking) {
    if (format == LK_IMAGE_FORMAT_AUTO) format = io::format_from_path(out_path);
    const std::vector<uint8_t> original = io::read_file(in_path);
    const std::optional<Container> input = sniff_container(original.data(), original.size());
    const std::optional<std::string> existing =
        input ? find_xmp(original.data(), original.size()) : std::nullopt;
    const Image decoded = io::decode_image(original.data(), original.size(), 0, printable(in_path));
    std::optional<Image> storage;
    const lk_image_view pixels = marked_pixels(decoded.view(), marking, storage);
    std::vector<uint8_t> encoded = io::encode_image(pixels, format, jpeg_quality);
    if (input && input == container_of(format))
        encoded = transplant_metadata(original.data(), original.size(), encoded.data(), encoded.size());
    const std::vector<uint8_t> marked =
        with_xmp(encoded.data(), encoded.size(), write_xmp(marking.record, existing.value_or("")));
    io::write_file_atomically(out_path, marked.data(), marked.size());
}

}  // namespace lk::provenance
