/*
 * likeness/face.h: faces in photos — where they are, their 68 landmarks, a 128-D identity
 * embedding, quality measures — and two gates built on them: the selfie-set check that runs
 * before likeness training, and the filter that throws away flawed generated faces.
 *
 * The models are face-api's (npm @vladmandic/face-api 1.7.15, MIT), run by the SDK in C++:
 * SSD-MobileNetV1 (accurate) or the tiny detector (fast), the 68-point landmark net (or its tiny
 * version) and the recognition net. scripts/setup.sh installs their files into models/face-api;
 * each file is checked by size and SHA-256 when an analyzer opens.
 *
 * Threading: an lk_face_analyzer may be used from several threads at once; every other function
 * here is thread-safe.
 */
#ifndef LIKENESS_FACE_H
#define LIKENESS_FACE_H

#include "core.h"
#include "image.h"

#ifdef __cplusplus
extern "C" {
#endif

#define LK_FACE_LANDMARKS 68
#define LK_FACE_DESCRIPTOR_SIZE 128
/* Two descriptors closer than this (Euclidean) are taken to be the same person: face-api's and
 * dlib's threshold for this network (99.38% on LFW as dlib reports). */
#define LK_FACE_SAME_PERSON_DISTANCE 0.6f

typedef struct lk_face_analyzer lk_face_analyzer;

typedef enum lk_face_detector {
    LK_FACE_DETECTOR_SSD = 0,   /* SSD-MobileNetV1 at 512x512 */
    LK_FACE_DETECTOR_TINY = 1   /* the tiny detector: faster, misses more, boxes less tight */
} lk_face_detector;

typedef struct lk_face_analyzer_params {
    uint32_t struct_size;        /* sizeof(lk_face_analyzer_params) */
    lk_face_detector detector;   /* default LK_FACE_DETECTOR_SSD */
    int32_t tiny_landmarks;      /* default 0: the full 68-point net */
    int32_t descriptors;         /* default 1: compute identity embeddings */
    int32_t quality;             /* default 1: run the quality measures on every face */
    float min_confidence;        /* default 0.5: detections scoring at or below are dropped */
    uint32_t max_faces;          /* default 100 */
    uint32_t tiny_input_size;    /* default 416: the tiny detector's input, a multiple of 32 */
    const char* scoring_config;  /* default NULL: built-in mappings; else a JSON file overriding
                                    quality mapping constants (docs/face.md) */
    int32_t bfloat16;            /* default 0: the nets run in float32, as face-api does. 1: in
                                    bfloat16: on a CPU with AVX-512 BF16 the detector runs 3x and
                                    the whole analysis 1.7x faster (benchmarks/RESULTS.md; not
                                    measured on GPUs); the same faces, but results move about as
                                    much as between two JPEG decoders (docs/face.md) */
} lk_face_analyzer_params;

LK_API void lk_face_analyzer_params_init(lk_face_analyzer_params* params);

/* Opens the models the params need from `model_dir` (the folder holding face-api's
 * *-weights_manifest.json and .bin files); NULL means the folder that the LIKENESS_FACE_MODELS
 * environment variable names. LK_ERR_IO naming a missing file (a model file or the scoring
 * config); LK_ERR_FORMAT naming a model file whose size or SHA-256 is not the expected one;
 * LK_ERR_INVALID_ARGUMENT for bad params or scoring config (naming its wrong key; a scoring config
 * with quality 0 among them), or for a NULL model_dir with LIKENESS_FACE_MODELS unset. The nets
 * run on the context's device; decoding, cropping, NMS and the quality measures on the CPU. The
 * context must outlive the analyzer, whose calls honour its interrupt. params may be NULL. Free
 * with lk_face_analyzer_free(). */
LK_API lk_status lk_face_analyzer_open(lk_context* ctx, const char* model_dir,
                                       const lk_face_analyzer_params* params, lk_face_analyzer** out);
LK_API void lk_face_analyzer_free(lk_face_analyzer* analyzer);

typedef struct lk_face_box {
    float x, y, width, height;  /* pixels of the analysed image */
} lk_face_box;

typedef struct lk_face_point {
    float x, y;
} lk_face_point;

/* One quality measure of one face: its raw value in its unit and its 0-100 component (higher is
 * better). `id` names the measure (docs/face.md lists them); owned by the report. */
typedef struct lk_quality_measure {
    const char* id;
    double raw;
    double component;
} lk_quality_measure;

typedef struct lk_face {
    float score;                                  /* detector confidence, 0..1 */
    lk_face_box box;
    lk_face_point landmarks[LK_FACE_LANDMARKS];   /* dlib's 68-point scheme */
    int32_t has_descriptor;
    float descriptor[LK_FACE_DESCRIPTOR_SIZE];    /* identity embedding; zeros without */
    lk_face_box descriptor_box;                   /* the square the embedding was computed from */
    double quality;                               /* unified score 0..100; -1 when not run */
    uint32_t measure_count;
    const lk_quality_measure* measures;           /* owned by the report */
} lk_face;

typedef struct lk_face_report {
    uint32_t struct_size;   /* sizeof(lk_face_report) */
    uint32_t width, height; /* the analysed image */
    uint32_t face_count;    /* 0: no face */
    const lk_face* faces;   /* best detection first; owned by the report */
} lk_face_report;

/* Every face in an 8-bit image of 1-4 channels (gray is repeated, alpha ignored). An image with
 * no face gives a report with face_count 0, not an error. Free *out with lk_face_report_free(). */
LK_API lk_status lk_face_analyze(const lk_face_analyzer* analyzer, const lk_image_view* view,
                                 lk_face_report** out);
LK_API void lk_face_report_free(lk_face_report* report);

/* Euclidean distance between two descriptors; below LK_FACE_SAME_PERSON_DISTANCE: same person.
 * NaN if either is NULL. */
LK_API float lk_face_distance(const float* a, const float* b);

/* The selfie-set check: each photo (a file path) analysed and accepted or rejected with reasons,
 * and the set judged as a whole (count, one identity, near-duplicates, pose and expression
 * variety), as a JSON document (docs/face_checks.md describes it) and a readable summary. Files that
 * cannot be read are rejected photos, not errors. `paths` holds `count` paths; pass a folder as
 * its single path to check every file in it (hidden files left out; one that is not an image is
 * a rejected photo). *out_json and *out_text (either may be NULL) are freed with
 * lk_string_free(). progress (may be NULL) is called after each photo, stage "analyze". */
LK_API lk_status lk_face_check_selfies(const lk_face_analyzer* analyzer, const char* const* paths,
                                       size_t count, lk_progress_fn progress, void* user,
                                       char** out_json, char** out_text);

/* How a generated face fares: a 0-100 score and whether to keep it, with reasons, as JSON
 * ({"keep": bool, "score": n, "reasons": [{"code": "...", "message": "..."}], ...}). Free
 * *out_json with lk_string_free(). */
LK_API lk_status lk_face_assess_generated(const lk_face_analyzer* analyzer, const lk_image_view* view,
                                          char** out_json);

/* Draws the report onto a copy of the image: boxes, the 68 landmarks as dots, each detection's
 * score above its box, in outlined colours that show on any photo and in line widths that grow
 * with the image. The copy is RGB, or RGBA where the image has alpha (kept as it was). Free *out
 * with lk_image_free(). */
LK_API lk_status lk_face_annotate(const lk_image_view* view, const lk_face_report* report, lk_image** out);

#ifdef __cplusplus
}
#endif

#endif /* LIKENESS_FACE_H */
