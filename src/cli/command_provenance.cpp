#include "commands.h"

#include <likeness/likeness.hpp>

#include <fmt/format.h>

namespace lk::cli {

namespace {

// --NAME as a 32- or 64-bit number written in hex (an optional 0x prefix).
std::optional<uint64_t> take_hex(Arguments& args, const std::string& name, uint64_t max) {
    const std::optional<std::string> text = args.take_option(name);
    if (!text) return std::nullopt;
    const std::string digits = text->rfind("0x", 0) == 0 ? text->substr(2) : *text;
    size_t used = 0;
    uint64_t value = 0;
    try {
        value = std::stoull(digits, &used, 16);
    } catch (const std::exception&) {
        used = 0;
    }
    if (digits.empty() || used != digits.size() || value > max)
        throw UsageError(fmt::format("{} '{}' is not a hex number up to {:x}", name, *text, max));
    return value;
}

const char* source_name(lk_source_type type) {
    switch (type) {
    case LK_SOURCE_TRAINED_ALGORITHMIC: return "trainedAlgorithmicMedia";
    case LK_SOURCE_COMPOSITE_TRAINED: return "compositeWithTrainedAlgorithmicMedia";
    case LK_SOURCE_OTHER: return "other";
    default: return "unstated";
    }
}

nlohmann::json describe(const lk_watermark_result& w) {
    nlohmann::json result = {{"found", w.found != 0}, {"p_value", w.p_value},
                             {"matched_bits", w.matched_bits}, {"voted_bits", w.voted_bits}};
    result["payload"] = w.found ? nlohmann::json(fmt::format("{:08x}", w.payload)) : nullptr;
    result["strength"] = w.found ? nlohmann::json(w.strength) : nullptr;
    if (w.found) result["grid"] = {w.grid_x, w.grid_y};
    return result;
}

nlohmann::json optional_text(const std::string& text) {
    return text.empty() ? nlohmann::json(nullptr) : nlohmann::json(text);
}

}  // namespace

void run_provenance_inspect(Arguments& args, Output& out) {
    const uint64_t key = take_hex(args, "--key", UINT64_MAX).value_or(LK_WATERMARK_DEFAULT_KEY);
    const std::string path = args.positionals(1)[0];
    const likeness::ProvenanceReport report = likeness::inspect(path, key);

    const bool synthetic = report.source_type == LK_SOURCE_TRAINED_ALGORITHMIC ||
                           report.source_type == LK_SOURCE_COMPOSITE_TRAINED ||
                           report.watermark.found;
    out.result = {{"path", path},
                  {"width", report.width},
                  {"height", report.height},
                  {"synthetic", synthetic},
                  {"metadata",
                   {{"present", report.has_metadata},
                    {"error", optional_text(report.metadata_error)},
                    {"digital_source_type", optional_text(report.digital_source_type)},
                    {"source_type", source_name(report.source_type)},
                    {"software", optional_text(report.software)},
                    {"model_name", optional_text(report.model_name)},
                    {"model_hash", optional_text(report.model_hash)},
                    {"prompt", optional_text(report.prompt)},
                    {"seed", report.seed ? nlohmann::json(*report.seed) : nullptr},
                    {"watermark_payload", report.stated_payload
                                              ? nlohmann::json(fmt::format("{:08x}", *report.stated_payload))
                                              : nullptr}}},
                  {"watermark", describe(report.watermark)}};
    if (out.json) return;
    fmt::print("{}: {}\n", path, synthetic ? "synthetic" : "no sign of being synthetic");
    if (!report.metadata_error.empty()) fmt::print("  metadata: unreadable ({})\n", report.metadata_error);
    else if (!report.has_metadata) fmt::print("  metadata: none\n");
    else {
        fmt::print("  digital source type: {}\n",
                   report.digital_source_type.empty() ? "(not stated)" : report.digital_source_type);
        if (!report.software.empty()) fmt::print("  software: {}\n", report.software);
        if (!report.model_name.empty()) fmt::print("  model: {}\n", report.model_name);
        if (!report.model_hash.empty()) fmt::print("  model hash: {}\n", report.model_hash);
        if (report.seed) fmt::print("  seed: {}\n", *report.seed);
        if (!report.prompt.empty()) fmt::print("  prompt: {}\n", report.prompt);
    }
    const lk_watermark_result& w = report.watermark;
    if (w.found)
        fmt::print("  watermark: payload {:08x} (p = {:.3g}, {} of {} code bits agree)\n", w.payload,
                   w.p_value, w.matched_bits, w.voted_bits);
    else if (report.width < LK_WATERMARK_MIN_SIDE || report.height < LK_WATERMARK_MIN_SIDE)
        fmt::print("  watermark: none; at {}x{} the image is too small to carry one (it takes {}x{})\n",
                   report.width, report.height, LK_WATERMARK_MIN_SIDE, LK_WATERMARK_MIN_SIDE);
    else
        fmt::print("  watermark: not found (best p = {:.3g}; threshold {:g})\n", w.p_value,
                   LK_WATERMARK_THRESHOLD);
}

void run_provenance_mark(Arguments& args, Output& out) {
    likeness::Provenance provenance;
    if (const auto payload = take_hex(args, "--payload", UINT32_MAX)) provenance.payload = uint32_t(*payload);
    provenance.key = take_hex(args, "--key", UINT64_MAX).value_or(LK_WATERMARK_DEFAULT_KEY);
    provenance.model_name = args.take_option("--model-name").value_or("");
    if (args.take_flag("--composite")) provenance.source_type = LK_SOURCE_COMPOSITE_TRAINED;
    provenance.watermark = !args.take_flag("--no-watermark");
    likeness::SaveOptions save;
    if (const auto quality = args.take_integer("--quality", 1, 100)) save.jpeg_quality = int(*quality);
    const std::vector<std::string> paths = args.positionals(2);

    likeness::mark_file(paths[0], paths[1], provenance, save);
    // Read back what was written, so that the output says what the file now carries.
    const likeness::ProvenanceReport report = likeness::inspect(paths[1], provenance.key);
    out.result = {{"input", paths[0]},
                  {"output", paths[1]},
                  {"source_type", source_name(report.source_type)},
                  {"watermark", describe(report.watermark)}};
    if (!out.json)
        fmt::print("{} -> {}: {}, watermark {}\n", paths[0], paths[1], source_name(report.source_type),
                   report.watermark.found ? fmt::format("{:08x}", report.watermark.payload)
                                          : std::string("not embedded (image under 192x192, or "
                                                        "--no-watermark)"));
}

}  // namespace lk::cli
