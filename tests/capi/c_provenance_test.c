/* A C integrator marking images as synthetic through likeness.h: watermark pixels, save files
 * that carry the IPTC source type and the watermark, inspect them back, mark an existing file,
 * check that a generator's images carry its watermark unless told not to, and get clear errors
 * for bad input.
 * Usage: c_provenance_test SCRATCH_DIR MODEL_256 (a 256x256 generator, from
 * tests/gan/write_tiny_generator.cpp). Prints one line per check; non-zero exit on failure. */
#include "c_checks.h"

#include <likeness/likeness.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>


enum { SIDE = 256, CH = 3 };
static unsigned char pixels[SIDE * SIDE * CH];

/* Shading plus a pseudo-random texture: enough structure to look like a photograph's luma. */
static lk_image_view scene(void) {
    unsigned state = 12345u;
    int x, y, c;
    for (y = 0; y < SIDE; ++y)
        for (x = 0; x < SIDE; ++x) {
            state = state * 1103515245u + 12345u;
            for (c = 0; c < CH; ++c)
                pixels[(y * SIDE + x) * CH + c] =
                    (unsigned char)(40 + (x + y) / 3 + 20 * c + (int)((state >> 16) % 24));
        }
    {
        lk_image_view view = {SIDE, SIDE, CH, SIDE * CH, pixels};
        return view;
    }
}

static void path_in(char* out, size_t size, const char* dir, const char* name) {
    snprintf(out, size, "%s/%s", dir, name);
}

/* Generated 8-bit images carry the watermark that lk_gan_provenance names, unless
 * params.watermark is 0; the float output is the network's either way. */
static void check_generated_images(const char* model) {
    enum { PIXELS256 = 3 * 256 * 256 };
    lk_context* ctx = NULL;
    lk_gan* gan = NULL;
    lk_provenance provenance;
    lk_gan_generate_params params;
    lk_image* image = NULL;
    lk_image_view image_view;
    lk_watermark_result result;
    static float marked_floats[PIXELS256], plain_floats[PIXELS256];
    const uint32_t seed = 5;
    if (lk_context_create(NULL, &ctx) != LK_OK || lk_gan_load(ctx, model, &gan) != LK_OK) {
        check(0, "load the 256x256 generator");
        lk_context_free(ctx);
        return;
    }
    check(lk_gan_provenance(gan, &provenance) == LK_OK && provenance.model_hash &&
              strncmp(provenance.model_hash, "sha256:", 7) == 0 &&
              strtoul(provenance.model_hash + 7, NULL, 16) != 0,
          "lk_gan_provenance names the model by its hash");
    {
        char prefix[9];
        memcpy(prefix, provenance.model_hash + 7, 8);
        prefix[8] = 0;
        check((uint32_t)strtoul(prefix, NULL, 16) == provenance.payload,
              "its watermark payload is the hash's first 32 bits");
    }
    lk_gan_generate_params_init(&params);
    check(params.watermark == 1, "generated images are watermarked by default");
    check(lk_gan_generate_seeds(gan, &seed, 1, &params, &image, marked_floats) == LK_OK &&
              lk_image_get_view(image, &image_view) == LK_OK &&
              lk_watermark_detect(&image_view, LK_WATERMARK_DEFAULT_KEY, &result) == LK_OK &&
              result.found && result.payload == provenance.payload,
          "a 256x256 generated image carries the generator's watermark");
    lk_image_free(image);
    image = NULL;
    params.watermark = 0;
    check(lk_gan_generate_seeds(gan, &seed, 1, &params, &image, plain_floats) == LK_OK &&
              lk_image_get_view(image, &image_view) == LK_OK &&
              lk_watermark_detect(&image_view, LK_WATERMARK_DEFAULT_KEY, &result) == LK_OK &&
              !result.found,
          "watermark = 0 opts out");
    check(memcmp(marked_floats, plain_floats, sizeof marked_floats) == 0,
          "the float output is never marked");
    lk_image_free(image);
    lk_gan_free(gan);
    lk_context_free(ctx);
}

int main(int argc, char** argv) {
    const lk_image_view view = scene();
    lk_provenance provenance;
    lk_image_save_params save;
    lk_provenance_report* report = NULL;
    lk_watermark_result result;
    lk_image* marked = NULL;
    double psnr = 0;
    char png[1024], jpeg[1024], plain[1024], remarked[1024];
    if (argc != 3) {
        fprintf(stderr, "usage: c_provenance_test SCRATCH_DIR MODEL_256\n");
        return 2;
    }
    path_in(png, sizeof png, argv[1], "provenance.png");
    path_in(jpeg, sizeof jpeg, argv[1], "provenance.jpg");
    path_in(plain, sizeof plain, argv[1], "plain.png");
    path_in(remarked, sizeof remarked, argv[1], "remarked.jpg");

    lk_provenance_init(&provenance);
    check(provenance.source_type == LK_SOURCE_TRAINED_ALGORITHMIC && provenance.watermark == 1 &&
              provenance.key == LK_WATERMARK_DEFAULT_KEY && provenance.record_seed == 0,
          "lk_provenance_init: generated, watermarked, default key, no seed");

    check(lk_watermark_embed(&view, 0xC0FFEEu, LK_WATERMARK_DEFAULT_KEY, &marked, &psnr) == LK_OK &&
              psnr >= 40.0,
          "lk_watermark_embed keeps PSNR >= 40 dB");
    if (marked) {
        lk_image_view marked_view;
        lk_image_get_view(marked, &marked_view);
        check(lk_watermark_detect(&marked_view, LK_WATERMARK_DEFAULT_KEY, &result) == LK_OK &&
                  result.found && result.payload == 0xC0FFEEu &&
                  result.p_value <= LK_WATERMARK_THRESHOLD && result.struct_size == sizeof result,
              "lk_watermark_detect finds the payload with a p-value under the threshold");
        check(lk_watermark_detect(&marked_view, 42, &result) == LK_OK && !result.found,
              "another key finds nothing");
        lk_image_free(marked);
        marked = NULL;
    }
    {
        lk_image_view small = view;
        small.width = 100;
        check(lk_watermark_embed(&small, 1, LK_WATERMARK_DEFAULT_KEY, &marked, NULL) ==
                      LK_ERR_INVALID_ARGUMENT &&
                  strstr(lk_last_error(), "100x256") && marked == NULL,
              "too small an image is refused, naming its size");
    }

    provenance.model_name = "tiny-model";
    provenance.model_hash = "sha256:00112233";
    provenance.record_seed = 1;
    provenance.seed = 77;
    provenance.payload = 0xABCD1234u;
    lk_image_save_params_init(&save);
    save.provenance = &provenance;
    check(lk_image_save(&view, png, &save) == LK_OK, "lk_image_save with provenance writes a PNG");
    check(lk_provenance_inspect_file(png, LK_WATERMARK_DEFAULT_KEY, &report) == LK_OK && report &&
              report->has_metadata && report->source_type == LK_SOURCE_TRAINED_ALGORITHMIC &&
              strstr(report->digital_source_type, "trainedAlgorithmicMedia") &&
              strncmp(report->software, "Likeness ", 9) == 0 &&
              strcmp(report->model_name, "tiny-model") == 0 &&
              strcmp(report->model_hash, "sha256:00112233") == 0 && report->has_seed &&
              report->seed == 77 && report->has_stated_payload &&
              report->stated_payload == 0xABCD1234u && report->watermark.found &&
              report->watermark.payload == 0xABCD1234u && report->width == SIDE,
          "the PNG says what it was marked with, in metadata and watermark");
    lk_provenance_report_free(report);
    report = NULL;

    save.jpeg_quality = 75;
    check(lk_image_save(&view, jpeg, &save) == LK_OK &&
              lk_provenance_inspect_file(jpeg, LK_WATERMARK_DEFAULT_KEY, &report) == LK_OK &&
              report->source_type == LK_SOURCE_TRAINED_ALGORITHMIC && report->watermark.found &&
              report->watermark.payload == 0xABCD1234u,
          "so does a JPEG at quality 75");
    lk_provenance_report_free(report);
    report = NULL;

    check(lk_image_save(&view, plain, NULL) == LK_OK &&
              lk_provenance_inspect_file(plain, LK_WATERMARK_DEFAULT_KEY, &report) == LK_OK &&
              !report->has_metadata && report->source_type == LK_SOURCE_UNSTATED &&
              !report->watermark.found && report->watermark.p_value > 1e-3,
          "an image saved without provenance says nothing and carries no watermark");
    lk_provenance_report_free(report);
    report = NULL;

    lk_provenance_init(&provenance);
    provenance.source_type = LK_SOURCE_COMPOSITE_TRAINED;
    provenance.payload = 7;
    check(lk_provenance_mark_file(plain, remarked, &provenance, NULL) == LK_OK &&
              lk_provenance_inspect_file(remarked, LK_WATERMARK_DEFAULT_KEY, &report) == LK_OK &&
              report->source_type == LK_SOURCE_COMPOSITE_TRAINED && report->watermark.found &&
              report->watermark.payload == 7,
          "lk_provenance_mark_file marks an existing PNG into a JPEG");
    lk_provenance_report_free(report);
    report = NULL;

    provenance.source_type = LK_SOURCE_OTHER;
    check(lk_provenance_mark_file(plain, remarked, &provenance, NULL) == LK_ERR_INVALID_ARGUMENT &&
              strstr(lk_last_error(), "source_type"),
          "a source type that cannot be written is refused");
    check(lk_provenance_inspect_file("/nonexistent/x.png", 0, &report) == LK_ERR_IO && !report,
          "a missing file is LK_ERR_IO");
    check(lk_provenance_inspect_memory("not an image", 12, 0, &report) == LK_ERR_FORMAT && !report,
          "bytes that are no image are LK_ERR_FORMAT");
    lk_provenance_report_free(NULL);

    check_generated_images(argv[2]);

    return summary();
}
