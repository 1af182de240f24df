// C ABI: likeness/face.h
#include "capi/boundary.h"
#include "capi/handles.h"
#include "face/analyzer.h"
#include "face/annotate.h"

#include <likeness/face.h>

#include <cmath>
#include <cstdlib>
#include <string>
#include <vector>

using lk::fail;
using lk::capi::guarded;
using lk::capi::require;

struct lk_face_analyzer {
    lk::face::Analyzer analyzer;
    const lk::Context* context;
};

// The report with the arrays its pointers point into.
struct lk_face_report_owner : lk_face_report {
    std::vector<lk_face> face_storage;
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

lk_face_report* report_of(const std::vector<lk::face::Face>& found, const lk_image_view& view) {
    auto* owner = new lk_face_report_owner{};
    owner->face_storage.reserve(found.size());
    for (const lk::face::Face& face : found) owner->face_storage.push_back(face_of(face));
    lk_face_report& r = *owner;
    r.struct_size = sizeof(lk_face_report);
    r.width = view.width;
    r.height = view.height;
    r.face_count = uint32_t(owner->face_storage.size());
    r.faces = owner->face_storage.data();
    return owner;
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
}

lk_status lk_face_analyzer_open(lk_context* ctx, const char* model_dir,
                                const lk_face_analyzer_params* params, lk_face_analyzer** out) {
    return guarded([&] {
        require(ctx, "ctx");
        require(out, "out");
        const auto p = lk::capi::read_params(params, lk_face_analyzer_params_init,
                                             "lk_face_analyzer_params");
        const lk::face::AnalyzerOptions options = options_of(p);
        *out = new lk_face_analyzer{lk::face::Analyzer(model_directory(model_dir), options),
                                    &ctx->context};
        if (ctx->context.device().cuda)
            ctx->context.log(LK_LOG_WARN, "face analysis runs on the CPU; the context's device " +
                                              ctx->context.device_name() + " is not used for it");
    });
}

void lk_face_analyzer_free(lk_face_analyzer* analyzer) { delete analyzer; }

lk_status lk_face_analyze(const lk_face_analyzer* analyzer, const lk_image_view* view,
                          lk_face_report** out) {
    return guarded([&] {
        require(analyzer, "analyzer");
        lk::check_view(view);
        require(out, "out");
        analyzer->context->check_interrupt();
        *out = report_of(analyzer->analyzer.analyze(*view), *view);
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

lk_status lk_face_annotate(const lk_image_view* view, const lk_face_report* report, lk_image** out) {
    return guarded([&] {
        lk::check_view(view);
        require(report, "report");
        require(out, "out");
        *out = lk::capi::wrap(lk::face::annotate(*view, faces_of(*report)));
    });
}

}  // extern "C"
