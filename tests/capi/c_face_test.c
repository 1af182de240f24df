/* A C integrator finding faces through likeness.h: open face-api's models (named, or from
 * LIKENESS_FACE_MODELS), analyse a demo photo with its quality measures, compare descriptors,
 * draw the result, check a selfie set, assess a face as a generated one, and get clear answers
 * for images with no face, tiny images, gray and RGBA pixels and bad parameters.
 * Usage: c_face_test MODEL_DIR PHOTO (face-api's models and its demo sample1.jpg). Exits 77,
 * saying why, when they are not installed. Prints one line per check; non-zero exit on failure. */
#define _POSIX_C_SOURCE 200112L
#include "c_checks.h"

#include <likeness/likeness.h>

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>


static int file_exists(const char* path) {
    FILE* f = fopen(path, "rb");
    if (f) fclose(f);
    return f != NULL;
}

/* Same detections, to the bit: what two analyses of the same pixels must give. */
static int same_faces(const lk_face_report* a, const lk_face_report* b) {
    uint32_t i;
    if (a->face_count != b->face_count) return 0;
    for (i = 0; i < a->face_count; ++i) {
        const lk_face* fa = &a->faces[i];
        const lk_face* fb = &b->faces[i];
        if (fa->score != fb->score || memcmp(&fa->box, &fb->box, sizeof fa->box) != 0 ||
            memcmp(fa->landmarks, fb->landmarks, sizeof fa->landmarks) != 0 ||
            memcmp(fa->descriptor, fb->descriptor, sizeof fa->descriptor) != 0)
            return 0;
    }
    return 1;
}

static lk_face_report* analyze(const lk_face_analyzer* analyzer, const lk_image* image) {
    lk_image_view view;
    lk_face_report* report = NULL;
    if (lk_image_get_view(image, &view) != LK_OK) return NULL;
    if (lk_face_analyze(analyzer, &view, &report) != LK_OK) return NULL;
    return report;
}

static void check_params(lk_context* ctx, const char* models) {
    lk_face_analyzer_params params;
    lk_face_analyzer* analyzer = NULL;
    lk_face_analyzer_params_init(&params);
    check(params.detector == LK_FACE_DETECTOR_SSD && params.descriptors == 1 && params.quality == 1 &&
              params.min_confidence == 0.5f && params.max_faces == 100 &&
              params.tiny_input_size == 416 && params.scoring_config == NULL,
          "lk_face_analyzer_params_init: SSD, descriptors and quality, confidence 0.5");
    params.detector = (lk_face_detector)7;
    check(lk_face_analyzer_open(ctx, models, &params, &analyzer) == LK_ERR_INVALID_ARGUMENT &&
              analyzer == NULL && contains(lk_last_error(), "detector 7"),
          "an unknown detector is refused, naming it");
    lk_face_analyzer_params_init(&params);
    params.min_confidence = NAN;
    check(lk_face_analyzer_open(ctx, models, &params, &analyzer) == LK_ERR_INVALID_ARGUMENT &&
              contains(lk_last_error(), "min_confidence"),
          "a NaN min_confidence is refused");
    lk_face_analyzer_params_init(&params);
    params.detector = LK_FACE_DETECTOR_TINY;
    params.tiny_input_size = 100;
    check(lk_face_analyzer_open(ctx, models, &params, &analyzer) == LK_ERR_INVALID_ARGUMENT &&
              contains(lk_last_error(), "multiple of 32"),
          "a tiny input size that is not a multiple of 32 is refused");
    lk_face_analyzer_params_init(&params);
    params.struct_size = 0;
    check(lk_face_analyzer_open(ctx, models, &params, &analyzer) == LK_ERR_INVALID_ARGUMENT &&
              contains(lk_last_error(), "struct_size"),
          "a params struct without struct_size is refused");
    lk_face_analyzer_params_init(&params);
    params.quality = 0;
    params.scoring_config = "scoring.json";
    check(lk_face_analyzer_open(ctx, models, &params, &analyzer) == LK_ERR_INVALID_ARGUMENT &&
              contains(lk_last_error(), "quality is 0"),
          "a scoring config without the quality measures is refused");
    params.quality = 1;
    params.scoring_config = "/no/such/scoring.json";
    check(lk_face_analyzer_open(ctx, models, &params, &analyzer) == LK_ERR_IO &&
              contains(lk_last_error(), "/no/such/scoring.json"),
          "a missing scoring config is LK_ERR_IO naming it");
    check(lk_face_analyzer_open(NULL, models, NULL, &analyzer) == LK_ERR_INVALID_ARGUMENT &&
              contains(lk_last_error(), "ctx"),
          "a NULL context is refused");
    check(lk_face_analyzer_open(ctx, "/no/such/folder", NULL, &analyzer) == LK_ERR_IO &&
              contains(lk_last_error(), "/no/such/folder"),
          "a missing model folder is LK_ERR_IO naming it");
}

/* model_dir NULL means LIKENESS_FACE_MODELS; with neither, the error says what to set. */
static void check_environment(lk_context* ctx, const char* models) {
    lk_face_analyzer* analyzer = NULL;
    lk_face_analyzer_params params;
    lk_face_analyzer_params_init(&params);
    params.detector = LK_FACE_DETECTOR_TINY;
    params.tiny_landmarks = 1;
    params.descriptors = 0;
    unsetenv("LIKENESS_FACE_MODELS");
    check(lk_face_analyzer_open(ctx, NULL, &params, &analyzer) == LK_ERR_INVALID_ARGUMENT &&
              contains(lk_last_error(), "LIKENESS_FACE_MODELS"),
          "no model_dir and no LIKENESS_FACE_MODELS: LK_ERR_INVALID_ARGUMENT naming the variable");
    setenv("LIKENESS_FACE_MODELS", models, 1);
    check(lk_face_analyzer_open(ctx, NULL, &params, &analyzer) == LK_OK && analyzer != NULL,
          "no model_dir: the models come from LIKENESS_FACE_MODELS");
    lk_face_analyzer_free(analyzer);
    unsetenv("LIKENESS_FACE_MODELS");
}

static void check_photo(const lk_face_analyzer* analyzer, const lk_image* photo) {
    lk_face_report* report = analyze(analyzer, photo);
    lk_image_view view;
    lk_image* annotated = NULL;
    lk_image_view annotated_view;
    uint32_t i;
    int ordered = 1, described = 1, inside = 1, measured = 1;
    check(report != NULL, "lk_face_analyze on a demo photo");
    if (!report) return;
    lk_image_get_view(photo, &view);
    check(report->struct_size == sizeof(lk_face_report) && report->width == view.width &&
              report->height == view.height,
          "the report names the analysed image's size");
    /* face-api finds three faces in sample1.jpg with SSD (tests/face/data). */
    check(report->face_count == 3, "three faces in the demo photo, as face-api finds");
    for (i = 0; i < report->face_count; ++i) {
        const lk_face* f = &report->faces[i];
        const lk_face_point eye = f->landmarks[36];
        if (i > 0 && f->score > report->faces[i - 1].score) ordered = 0;
        if (!f->has_descriptor || fabsf(lk_face_distance(f->descriptor, f->descriptor)) != 0) described = 0;
        if (eye.x < f->box.x || eye.x > f->box.x + f->box.width || eye.y < f->box.y ||
            eye.y > f->box.y + f->box.height)
            inside = 0;
        if (!(f->quality >= 0 && f->quality <= 100) || f->measure_count < 20 || !f->measures)
            measured = 0;
        else {
            uint32_t m;
            int sharpness = 0;
            for (m = 0; m < f->measure_count; ++m) {
                const lk_quality_measure* q = &f->measures[m];
                if (!q->id || !(q->component >= 0 && q->component <= 100)) measured = 0;
                if (q->id && strcmp(q->id, "sharpness") == 0) sharpness = q->raw > 0;
            }
            if (!sharpness) measured = 0;
        }
    }
    check(ordered, "faces come best detection first");
    check(described, "every face has a descriptor, at distance 0 from itself");
    check(inside, "each face's eye corner lies in its box");
    check(measured, "every face has a 0-100 quality and its measures, sharpness among them");
    if (report->face_count >= 2) {
        const float d = lk_face_distance(report->faces[0].descriptor, report->faces[1].descriptor);
        check(d > LK_FACE_SAME_PERSON_DISTANCE && d < 2.0f,
              "two people in the photo are further apart than the same-person distance");
    }
    check(isnan(lk_face_distance(NULL, report->faces[0].descriptor)), "lk_face_distance(NULL, b) is NaN");

    check(lk_face_annotate(&view, report, &annotated) == LK_OK &&
              lk_image_get_view(annotated, &annotated_view) == LK_OK &&
              annotated_view.width == view.width && annotated_view.height == view.height &&
              annotated_view.channels == 3 &&
              memcmp(annotated_view.data, view.data, view.stride * view.height) != 0,
          "lk_face_annotate draws on an RGB copy of the same size");
    lk_image_free(annotated);
    check(lk_face_annotate(&view, NULL, &annotated) == LK_ERR_INVALID_ARGUMENT &&
              contains(lk_last_error(), "report"),
          "lk_face_annotate without a report is refused");
    lk_face_report_free(report);
}

/* Gray and RGBA pixels are read as the RGB image they stand for. */
static void check_channels(const lk_face_analyzer* analyzer, const lk_image* photo) {
    lk_image_view view;
    lk_image *gray = NULL, *gray_rgb = NULL, *rgba = NULL;
    lk_face_report *a = NULL, *b = NULL, *rgb = NULL, *with_alpha = NULL;
    lk_image_get_view(photo, &view);
    lk_image_convert(&view, 1, &gray);
    {
        lk_image_view gray_view;
        lk_image_get_view(gray, &gray_view);
        lk_image_convert(&gray_view, 3, &gray_rgb);
    }
    lk_image_convert(&view, 4, &rgba);
    a = analyze(analyzer, gray);
    b = analyze(analyzer, gray_rgb);
    check(a && b && a->face_count > 0 && same_faces(a, b),
          "a gray image gives the faces of its RGB copy");
    rgb = analyze(analyzer, photo);
    with_alpha = analyze(analyzer, rgba);
    check(rgb && with_alpha && same_faces(rgb, with_alpha), "RGBA gives the faces of its RGB");
    lk_face_report_free(a);
    lk_face_report_free(b);
    lk_face_report_free(rgb);
    lk_face_report_free(with_alpha);
    lk_image_free(gray);
    lk_image_free(gray_rgb);
    lk_image_free(rgba);
}

static void check_no_face(const lk_face_analyzer* analyzer) {
    static unsigned char flat[64 * 48];
    unsigned char one = 128;
    lk_image_view view = {64, 48, 1, 64, flat};
    lk_image_view tiny = {1, 1, 1, 1, &one};
    lk_face_report* report = NULL;
    memset(flat, 128, sizeof flat);
    check(lk_face_analyze(analyzer, &view, &report) == LK_OK && report->face_count == 0 &&
              report->width == 64 && report->height == 48,
          "a flat gray image has no face: face_count 0, not an error");
    lk_face_report_free(report);
    report = NULL;
    check(lk_face_analyze(analyzer, &tiny, &report) == LK_OK && report->face_count == 0,
          "a 1x1 image is analysed: no face");
    lk_face_report_free(report);
    report = NULL;
    view.data = NULL;
    check(lk_face_analyze(analyzer, &view, &report) == LK_ERR_INVALID_ARGUMENT && report == NULL,
          "a view without pixels is refused");
    check(lk_face_analyze(NULL, &tiny, &report) == LK_ERR_INVALID_ARGUMENT &&
              contains(lk_last_error(), "analyzer"),
          "a NULL analyzer is refused");
}

static void check_corrupt_file(const char* photo_path) {
    FILE* in = fopen(photo_path, "rb");
    static unsigned char bytes[4096];
    size_t size = in ? fread(bytes, 1, sizeof bytes, in) : 0;
    lk_image* image = NULL;
    if (in) fclose(in);
    check(size == sizeof bytes && lk_image_decode(bytes, size, 3, &image) == LK_ERR_FORMAT &&
              image == NULL,
          "a JPEG cut off after 4 KiB is LK_ERR_FORMAT, not pixels to analyse");
}

/* Without the quality measures a face has quality -1 and no measures. */
static void check_without_quality(lk_context* ctx, const char* models, const lk_image* photo) {
    lk_face_analyzer_params params;
    lk_face_analyzer* analyzer = NULL;
    lk_face_report* report = NULL;
    lk_face_analyzer_params_init(&params);
    params.quality = 0;
    check(lk_face_analyzer_open(ctx, models, &params, &analyzer) == LK_OK &&
              (report = analyze(analyzer, photo)) != NULL && report->face_count == 3 &&
              report->faces[0].quality == -1 && report->faces[0].measure_count == 0 &&
              report->faces[0].measures == NULL,
          "quality = 0: faces without quality (-1) or measures");
    lk_face_report_free(report);
    lk_face_analyzer_free(analyzer);
}

/* The selfie check of named files: each photo judged, an unreadable one rejected with why. */
static void check_selfies(const lk_face_analyzer* analyzer, const char* photo_path) {
    const char* paths[2];
    progress_log log = {0, 0, 0, NULL, 0};
    char *json = NULL, *text = NULL;
    paths[0] = photo_path;
    paths[1] = "/no/such/selfie.jpg";
    check(lk_face_check_selfies(analyzer, paths, 2, on_progress, &log, &json, &text) == LK_OK &&
              json && text,
          "lk_face_check_selfies of two files gives the JSON report and the summary");
    if (json && text) {
        check(contains(json, "\"several_faces\"") && contains(json, "\"unreadable\"") &&
                  contains(json, "/no/such/selfie.jpg") && contains(json, "\"photo_count\": 2"),
              "the group photo is rejected for its several faces, the missing file as unreadable");
        check(contains(text, "0 of 2 photos accepted"), "the summary counts both photos");
    }
    check(log.calls == 2 && log.last_done == 2 && log.last_total == 2,
          "progress is reported after each photo");
    lk_string_free(json);
    lk_string_free(text);
    json = NULL;
    log.cancel_after = 1;
    check(lk_face_check_selfies(analyzer, paths, 2, on_progress, &log, &json, NULL) ==
              LK_ERR_CANCELLED && json == NULL,
          "a progress callback returning non-zero cancels the check");
    check(lk_face_check_selfies(analyzer, paths, 0, NULL, NULL, &json, NULL) ==
              LK_ERR_INVALID_ARGUMENT && contains(lk_last_error(), "count is 0"),
          "no photos is refused");
    check(lk_face_check_selfies(analyzer, paths, 1, NULL, NULL, NULL, NULL) == LK_OK,
          "both outputs may be NULL");
    lk_string_free(NULL);
}

static void check_assess_generated(const lk_face_analyzer* analyzer, const lk_image* photo) {
    lk_image_view view;
    char* json = NULL;
    lk_image_get_view(photo, &view);
    check(lk_face_assess_generated(analyzer, &view, &json) == LK_OK && json &&
              contains(json, "\"keep\"") && contains(json, "\"score\"") &&
              contains(json, "\"spectral_tail\""),
          "lk_face_assess_generated gives keep, score and the checks as JSON");
    lk_string_free(json);
    check(lk_face_assess_generated(analyzer, &view, NULL) == LK_ERR_INVALID_ARGUMENT &&
              contains(lk_last_error(), "out_json"),
          "lk_face_assess_generated without out_json is refused");
}

int main(int argc, char** argv) {
    char manifest[2048];
    lk_context* ctx = NULL;
    lk_face_analyzer* analyzer = NULL;
    lk_image* photo = NULL;
    if (argc != 3) {
        fprintf(stderr, "usage: c_face_test MODEL_DIR PHOTO\n");
        return 2;
    }
    snprintf(manifest, sizeof manifest, "%s/ssd_mobilenetv1_model-weights_manifest.json", argv[1]);
    if (!file_exists(manifest) || !file_exists(argv[2])) {
        printf("skipped: face-api's models (%s) or demo photo (%s) are not installed; "
               "scripts/setup.sh installs them\n", argv[1], argv[2]);
        return 77;
    }
    lk_face_report_free(NULL);
    lk_face_analyzer_free(NULL);
    if (lk_context_create(NULL, &ctx) != LK_OK) {
        check(0, "create a context");
        return 1;
    }
    check_params(ctx, argv[1]);
    check_environment(ctx, argv[1]);
    check(lk_face_analyzer_open(ctx, argv[1], NULL, &analyzer) == LK_OK,
          "open the SSD analyzer with the default params");
    check(lk_image_load(argv[2], 3, &photo) == LK_OK, "load the demo photo");
    if (analyzer && photo) {
        check_photo(analyzer, photo);
        check_channels(analyzer, photo);
        check_no_face(analyzer);
        check_without_quality(ctx, argv[1], photo);
        check_selfies(analyzer, argv[2]);
        check_assess_generated(analyzer, photo);
    }
    check_corrupt_file(argv[2]);
    lk_image_free(photo);
    lk_face_analyzer_free(analyzer);
    lk_context_free(ctx);
    return summary();
}
