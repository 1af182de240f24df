// C ABI: likeness/provenance.h
#include "capi/boundary.h"
#include "capi/handles.h"
#include "capi/marking.h"
#include "core/version.h"
#include "io/file.h"
#include "provenance/inspect.h"

#include <cstring>
#include <string>

using lk::capi::guarded;
using lk::capi::read_params;
using lk::capi::require;
using lk::capi::wrap;

// The report with the strings its const char* fields point into.
struct lk_provenance_report_owner : lk_provenance_report {
    std::string metadata_error, digital_source_type, software, model_name, model_hash, prompt;
};

namespace lk::capi {
namespace {

std::string text_or_empty(const char* text) { return text ? text : ""; }

lk_watermark_result result_of(const provenance::Detection& detection) {
    return lk_watermark_result{sizeof(lk_watermark_result), detection.found, detection.payload,
                               detection.p_value, detection.matched_bits, detection.voted_bits,
                               detection.strength, detection.grid_x, detection.grid_y};
}

lk_source_type source_type_of(const std::string& uri) {
    if (uri.empty()) return LK_SOURCE_UNSTATED;
    if (uri == provenance::kTrainedAlgorithmicMedia) return LK_SOURCE_TRAINED_ALGORITHMIC;
    if (uri == provenance::kCompositeWithTrainedAlgorithmicMedia) return LK_SOURCE_COMPOSITE_TRAINED;
    return LK_SOURCE_OTHER;
}

lk_provenance_report* report_of(provenance::Report&& found) {
    auto* owner = new lk_provenance_report_owner{};
    const provenance::Record& record = found.record;
    owner->metadata_error = std::move(found.metadata_error);
    owner->digital_source_type = record.digital_source_type;
    owner->software = record.software;
    owner->model_name = record.model_name;
    owner->model_hash = record.model_hash;
    owner->prompt = record.prompt;
    lk_provenance_report& r = *owner;
    r.struct_size = sizeof(lk_provenance_report);
    r.width = found.width;
    r.height = found.height;
    r.has_metadata = found.has_metadata;
    r.metadata_error = owner->metadata_error.c_str();
    r.source_type = source_type_of(record.digital_source_type);
    r.digital_source_type = owner->digital_source_type.c_str();
    r.software = owner->software.c_str();
    r.model_name = owner->model_name.c_str();
    r.model_hash = owner->model_hash.c_str();
    r.prompt = owner->prompt.c_str();
    r.has_seed = record.seed.has_value();
    r.seed = record.seed.value_or(0);
    r.has_stated_payload = record.watermark_payload.has_value();
    r.stated_payload = record.watermark_payload.value_or(0);
    r.watermark = result_of(found.watermark);
    return owner;
}

}  // namespace

provenance::Marking marking_of(const lk_provenance* given) {
    const auto p = read_params(given, lk_provenance_init, "lk_provenance");
    provenance::Marking marking;
    switch (p.source_type) {
    case LK_SOURCE_TRAINED_ALGORITHMIC:
        marking.record.digital_source_type = provenance::kTrainedAlgorithmicMedia;
        break;
    case LK_SOURCE_COMPOSITE_TRAINED:
        marking.record.digital_source_type = provenance::kCompositeWithTrainedAlgorithmicMedia;
        break;
    default:
        fail(LK_ERR_INVALID_ARGUMENT, "lk_provenance.source_type {} cannot be written; expected "
             "LK_SOURCE_TRAINED_ALGORITHMIC (1) or LK_SOURCE_COMPOSITE_TRAINED (2)",
             int(p.source_type));
    }
    marking.record.software = p.software ? p.software : std::string("Likeness ") + kVersionString;
    marking.record.model_name = text_or_empty(p.model_name);
    marking.record.model_hash = text_or_empty(p.model_hash);
    marking.record.prompt = text_or_empty(p.prompt);
    if (p.record_seed) marking.record.seed = p.seed;
    marking.watermark = p.watermark != 0;
    marking.payload = p.payload;
    marking.key = p.key;
    return marking;
}

}  // namespace lk::capi

extern "C" {

void lk_provenance_init(lk_provenance* provenance) {
    if (!provenance) return;
    *provenance = lk_provenance{};
    provenance->struct_size = sizeof(lk_provenance);
    provenance->source_type = LK_SOURCE_TRAINED_ALGORITHMIC;
    provenance->watermark = 1;
    provenance->key = LK_WATERMARK_DEFAULT_KEY;
}

lk_status lk_watermark_embed(const lk_image_view* view, uint32_t payload, uint64_t key,
                             lk_image** out, double* out_psnr) {
    return guarded([&] {
        lk::check_view(view);
        require(out, "out");
        lk::provenance::Embedding marked = lk::provenance::embed_watermark(*view, payload, key);
        if (out_psnr) *out_psnr = marked.psnr;
        *out = wrap(std::move(marked.image));
    });
}

lk_status lk_watermark_detect(const lk_image_view* view, uint64_t key, lk_watermark_result* out) {
    return guarded([&] {
        lk::check_view(view);
        require(out, "out");
        *out = lk::capi::result_of(lk::provenance::detect_watermark(*view, key));
    });
}

lk_status lk_provenance_inspect_memory(const void* data, size_t size, uint64_t key,
                                       lk_provenance_report** out) {
    return guarded([&] {
        require(data, "data");
        require(out, "out");
        *out = lk::capi::report_of(lk::provenance::inspect_encoded(
            static_cast<const uint8_t*>(data), size, key, "image in memory"));
    });
}

lk_status lk_provenance_inspect_file(const char* path, uint64_t key, lk_provenance_report** out) {
    return guarded([&] {
        require(path, "path");
        require(out, "out");
        const std::vector<uint8_t> bytes = lk::io::read_file(path);
        *out = lk::capi::report_of(
            lk::provenance::inspect_encoded(bytes.data(), bytes.size(), key, lk::printable(path)));
    });
}

void lk_provenance_report_free(lk_provenance_report* report) {
    delete static_cast<lk_provenance_report_owner*>(report);
}

lk_status lk_provenance_mark_file(const char* in_path, const char* out_path,
                                  const lk_provenance* provenance,
                                  const lk_image_save_params* params) {
    return guarded([&] {
        require(in_path, "in_path");
        require(out_path, "out_path");
        const auto p = read_params(params, lk_image_save_params_init, "lk_image_save_params");
        lk::provenance::mark_file(in_path, out_path, p.format, p.jpeg_quality,
                                  lk::capi::marking_of(provenance));
    });
}

}  // extern "C"
