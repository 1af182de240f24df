// C ABI: likeness/face.h
#include "capi/boundary.h"
#include "capi/handles.h"
#include "face/analyzer.h"
#include "face/annotate.h"
#include "io/image_file.h"
#include "quality/analyze.h"
#include "quality/generated_flaws.h"
#include "quality/selfie_set.h"

#include <likeness/face.h>

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <vector>

using lk::fail;
using lk::capi::guarded;
using lk::capi::require;

struct lk_face_analyzer {
    lk::face::Analyzer analyzer;
    const lk::Context* context;
    std::optional<lk::quality::ScoringConfig> scoring;  // set when the quality measures run
};

// The report with the arrays and strings its pointers point into.
struct lk_face_report_owner : lk_face_report {
    std::vector<lk_face> face_storage;
    std::vector<lk::quality::FaceQuality> quality;  // holds the measures' ids
    std::vector<std::vector<lk_quality_measure>> measures;
};

namespace {

lk::face::DetectorKind detector_of(lk_face_detector detector) {
    switch (detector) {
    case LK_FACE_DETECTOR_SSD: return lk::face::DetectorKind::ssd_mobilenet_v1;
    case LK_FACE_DETECTOR_TINY: return lk::face::DetectorKind::tiny;
    }
    fail(LK_ERR_INVALID_ARGUMENT, "lk_face_analyzer_params.detector {} is not LK_FACE_DETECTOR_SSD "
         "(0) or LK_FACE_DETECTOR_TINY (1)", int(detector));
}

lk::face::AnalyzerOptions options_of(const lk_face_analyzer_params& p) {
    lk::face::AnalyzerOptions options;
    options.detector = detector_of(p.detector);
    options.tiny_landmarks = p.tiny_landmarks != 0;
    options.descriptors = p.descriptors != 0;
    options.min_confidence = p.min_confidence;
    options.max_faces = p.max_faces;
    options.tiny_input_size = p.tiny_input_size;
    options.placement.dtype = p.bfloat16 ? at::kBFloat16 : at::kFloat;
    return options;
}

std::string model_directory(const char* given) {
    if (given) return given;
    if (const char* from_environment = std::getenv("LIKENESS_FACE_MODELS"))
        return from_environment;
    fail(LK_ERR_INVALID_ARGUMENT, "model_dir is NULL and LIKENESS_FACE_MODELS is not set; expected "
         "the folder holding face-api's model files (scripts/setup.sh installs them into "
         "models/face-api)");
}

lk_face_box box_of(const lk::face::Box& b) { return {b.x, b.y, b.width, b.height}; }
lk::face::Box box_of(const lk_face_box& b) { return {b.x, b.y, b.width, b.height}; }

// The quality measures' scoring, when they run: the built-in mappings or the caller's file.
std::optional<lk::quality::ScoringConfig> scoring_of(const lk_face_analyzer_params& p) {
    if (!p.quality) {
        if (p.scoring_config)
            fail(LK_ERR_INVALID_ARGUMENT, "scoring_config is given but quality is 0; a scoring "
                 "configuration only applies when the quality measures run");
        return std::nullopt;
    }
    if (!p.scoring_config) return lk::quality::ScoringConfig();
    return lk::quality::ScoringConfig::from_file(p.scoring_config);
}

// The faces in a view and, when the analyzer runs the measures, each face's quality; without
// them, empty entries, which the checks read as "not measured".
lk::quality::PhotoAnalysis analyse(const lk_face_analyzer& analyzer, const lk_image_view& view,
                                   std::string source) {
    analyzer.context->check_interrupt();
    lk::quality::PhotoAnalysis photo = lk::quality::analyze_photo(
        analyzer.analyzer, view, analyzer.scoring ? &*analyzer.scoring : nullptr, std::move(source));
    photo.quality.resize(photo.faces.size());
    return photo;
}

lk_face face_of(const lk::face::Face& found) {
    lk_face face{};
    face.score = found.detection.score;
    face.box = box_of(found.detection.box);
    for (size_t i = 0; i < found.landmarks.size(); ++i)
        face.landmarks[i] = {found.landmarks[i].x, found.landmarks[i].y};
    face.has_descriptor = !found.descriptor.empty();
    std::copy(found.descriptor.begin(), found.descriptor.end(), face.descriptor);
    face.descriptor_box = box_of(found.descriptor_box);
    face.quality = -1;
    return face;
}

lk_face_report* report_of(lk::quality::PhotoAnalysis&& photo, bool measured) {
    auto owner = std::make_unique<lk_face_report_owner>();
    owner->quality = std::move(photo.quality);
    for (size_t i = 0; i < photo.faces.size(); ++i) {
        lk_face face = face_of(photo.faces[i]);
        const lk::quality::FaceQuality& quality = owner->quality[i];
        std::vector<lk_quality_measure>& measures = owner->measures.emplace_back();
        for (const lk::quality::MeasureResult& m : quality.measures)
            measures.push_back({m.id.c_str(), m.raw, m.component});
        if (measured) face.quality = quality.unified;
        face.measure_count = uint32_t(measures.size());
        face.measures = measures.empty() ? nullptr : measures.data();
        owner->face_storage.push_back(face);
    }
    lk_face_report& r = *owner;
    r.struct_size = sizeof(lk_face_report);
    r.width = photo.width;
    r.height = photo.height;
    r.face_count = uint32_t(owner->face_storage.size());
    r.faces = owner->face_storage.data();
    return owner.release();
}

// What annotation reads of a caller's report.
std::vector<lk::face::Face> faces_of(const lk_face_report& report) {
    if (report.face_count && !report.faces)
        fail(LK_ERR_INVALID_ARGUMENT, "report->faces is NULL but face_count is {}", report.face_count);
    std::vector<lk::face::Face> faces(report.face_count);
    for (uint32_t i = 0; i < report.face_count; ++i) {
        const lk_face& given = report.faces[i];
        faces[i].detection = {box_of(given.box), given.score};
        for (size_t p = 0; p < faces[i].landmarks.size(); ++p)
            faces[i].landmarks[p] = {given.landmarks[p].x, given.landmarks[p].y};
    }
    return faces;
}

// A copy the caller frees with lk_string_free().
char* c_string(const std::string& text) {
    char* copy = static_cast<char*>(std::malloc(text.size() + 1));
    if (!copy) fail(LK_ERR_OUT_OF_MEMORY, "cannot allocate {} bytes of text", text.size() + 1);
    std::memcpy(copy, text.c_str(), text.size() + 1);
    return copy;
}

std::string json_text(const nlohmann::json& json) {
    return json.dump(2, ' ', false, nlohmann::json::error_handler_t::replace);
}

// Hands each requested text to the caller, all or none.
void deliver(const std::vector<std::pair<char**, std::string>>& outputs) {
    std::vector<char*> copies;
    try {
        for (const auto& [out, text] : outputs) copies.push_back(out ? c_string(text) : nullptr);
    } catch (...) {
        for (char* copy : copies) std::free(copy);
        throw;
    }
    for (size_t i = 0; i < outputs.size(); ++i)
        if (outputs[i].first) *outputs[i].first = copies[i];
}

// The photos the caller named: its paths, or the files of the one folder it named (sorted,
// hidden files left out). Every file is tried: what does not decode is a rejected photo.
std::vector<std::string> photo_paths(const char* const* paths, size_t count) {
    require(paths, "paths");
    if (count == 0) fail(LK_ERR_INVALID_ARGUMENT, "count is 0; expected photo paths or one folder");
    for (size_t i = 0; i < count; ++i)
        if (!paths[i]) fail(LK_ERR_INVALID_ARGUMENT, "paths[{}] is NULL", i);
    std::error_code error;
    if (count > 1 || !std::filesystem::is_directory(paths[0], error))
        return {paths, paths + count};
    std::vector<std::string> files;
    for (std::filesystem::directory_iterator it(paths[0], error), end; !error && it != end;
         it.increment(error))
        if (it->is_regular_file(error) && it->path().filename().string()[0] != '.')
            files.push_back(it->path().string());
    if (error)
        fail(LK_ERR_IO, "cannot list the folder {}: {}", lk::printable(paths[0]), error.message());
    std::sort(files.begin(), files.end());
    return files;
}

void report_progress(lk_progress_fn progress, void* user, size_t done, size_t total) {
    if (!progress) return;
    const lk_progress state{sizeof(lk_progress), done, total, "analyze"};
    if (progress(&state, user) != 0)
        fail(LK_ERR_CANCELLED, "cancelled by the progress callback after {} of {} photos", done, total);
}

}  // namespace

extern "C" {

void lk_face_analyzer_params_init(lk_face_analyzer_params* params) {
    if (!params) return;
    *params = lk_face_analyzer_params{};
    params->struct_size = sizeof(lk_face_analyzer_params);
    params->detector = LK_FACE_DETECTOR_SSD;
    params->tiny_landmarks = 0;
    params->descriptors = 1;
    params->quality = 1;
    params->min_confidence = 0.5f;
    params->max_faces = 100;
    params->tiny_input_size = 416;
    params->scoring_config = nullptr;
    params->bfloat16 = 0;
}

lk_status lk_face_analyzer_open(lk_context* ctx, const char* model_dir,
                                const lk_face_analyzer_params* params, lk_face_analyzer** out) {
    return guarded([&] {
        require(ctx, "ctx");
        require(out, "out");
        const auto p = lk::capi::read_params(params, lk_face_analyzer_params_init,
                                             "lk_face_analyzer_params");
        lk::face::AnalyzerOptions options = options_of(p);
        options.placement.device = lk::capi::torch_device(*ctx);
        std::optional<lk::quality::ScoringConfig> scoring = scoring_of(p);
        *out = new lk_face_analyzer{lk::face::Analyzer(model_directory(model_dir), options),
                                    &ctx->context, std::move(scoring)};
    });
}

void lk_face_analyzer_free(lk_face_analyzer* analyzer) { delete analyzer; }

lk_status lk_face_analyze(const lk_face_analyzer* analyzer, const lk_image_view* view,
                          lk_face_report** out) {
    return guarded([&] {
        require(analyzer, "analyzer");
        lk::check_view(view);
        require(out, "out");
        *out = report_of(analyse(*analyzer, *view, "image"), analyzer->scoring.has_value());
    });
}

void lk_face_report_free(lk_face_report* report) {
    delete static_cast<lk_face_report_owner*>(report);
}

float lk_face_distance(const float* a, const float* b) {
    if (!a || !b) return NAN;
    double sum = 0;
    for (int i = 0; i < LK_FACE_DESCRIPTOR_SIZE; ++i) sum += double(a[i] - b[i]) * (a[i] - b[i]);
    return float(std::sqrt(sum));
}

lk_status lk_face_check_selfies(const lk_face_analyzer* analyzer, const char* const* paths,
                                size_t count, lk_progress_fn progress, void* user,
                                char** out_json, char** out_text) {
    return guarded([&] {
        require(analyzer, "analyzer");
        const std::vector<std::string> files = photo_paths(paths, count);
        std::vector<lk::quality::PhotoAnalysis> analysed;
        std::vector<std::optional<lk::quality::Reason>> unreadable(files.size());
        for (size_t i = 0; i < files.size(); ++i) {
            std::optional<lk::Image> image;
            try {
                image.emplace(lk::io::load_image(files[i], 3));
            } catch (const lk::Error& e) {
                unreadable[i] = lk::quality::Reason{"unreadable", e.what()};
            }
            // A file that cannot be read stands in as a photo without a face, so that the set's
            // counts include it; its reason replaces "no face" below.
            analysed.push_back(image ? analyse(*analyzer, image->view(), files[i])
                                     : lk::quality::PhotoAnalysis{files[i], 1, 1, {}, {}});
            report_progress(progress, user, i + 1, files.size());
        }
        lk::quality::SelfieSetReport report = lk::quality::check_selfie_set(analysed, {});
        for (size_t i = 0; i < files.size(); ++i)
            if (unreadable[i]) report.photos[i].reasons = {*unreadable[i]};
        deliver({{out_json, out_json ? json_text(lk::quality::to_json(report)) : ""},
                 {out_text, out_text ? lk::quality::to_text(report) : ""}});
    });
}

lk_status lk_face_assess_generated(const lk_face_analyzer* analyzer, const lk_image_view* view,
                                   char** out_json) {
    return guarded([&] {
        require(analyzer, "analyzer");
        lk::check_view(view);
        require(out_json, "out_json");
        // The flaw checks read RGB pixels; converted once, the analysis reads them too.
        const lk::Image rgb = lk::convert_channels(*view, 3);
        const lk::quality::FlawOptions options;
        const lk::quality::FlawReport flaws = lk::quality::assess_generated_face(
            analyse(*analyzer, rgb.view(), "image"), rgb, options);
        deliver({{out_json,
                  json_text(lk::quality::to_json(flaws, lk::quality::filter_decision(flaws, options)))}});
    });
}

lk_status lk_face_annotate(const lk_image_view* view, const lk_face_report* report, lk_image** out) {
    return guarded([&] {
        lk::check_view(view);
        require(report, "report");
        require(out, "out");
        *out = lk::capi::wrap(lk::face::annotate(*view, faces_of(*report)));
    });
}

}  // extern "C"
