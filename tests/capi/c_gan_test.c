/* A C integrator generating faces through likeness.h: load a generator, make images from seeds
 * as handles and as floats, map to w and synthesize from it, morph between seeds, follow and
 * cancel progress, and get clear errors (with outputs untouched) for bad arguments.
 * Usage: c_gan_test CONDITIONAL_MODEL (tests/data/gan/tiny_conditional_16.safetensors).
 * Prints one line per check and exits non-zero on any failure. */
#include "c_checks.h"

#include <likeness/likeness.h>

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>


enum { SIDE = 16, CH = 3, PIXELS = SIDE * SIDE * CH };

/* The 8-bit image's pixels are the float output scaled from [-1, 1] to [0, 255] and rounded. */
static int image_matches_floats(const lk_image* image, const float* nchw) {
    lk_image_view view;
    int x, y, c;
    if (lk_image_get_view(image, &view) != LK_OK || view.width != SIDE || view.height != SIDE ||
        view.channels != CH)
        return 0;
    for (y = 0; y < SIDE; ++y)
        for (x = 0; x < SIDE; ++x)
            for (c = 0; c < CH; ++c) {
                double expected = floor(nchw[(c * SIDE + y) * SIDE + x] * 127.5 + 127.5 + 0.5);
                double got = view.data[y * view.stride + x * CH + c];
                if (expected < 0) expected = 0;
                if (expected > 255) expected = 255;
                if (fabs(expected - got) > 1) return 0;
            }
    return 1;
}

static int same_floats(const float* a, const float* b, size_t n, double tolerance) {
    size_t i;
    for (i = 0; i < n; ++i)
        if (fabs((double)a[i] - (double)b[i]) > tolerance) return 0;
    return 1;
}

/* Generating seed 0 into `out` fails as bad input naming `part`. */
static int seed_refused(lk_gan* gan, const lk_gan_generate_params* params, lk_image** out,
                        const char* part) {
    const uint32_t seed = 0;
    return refused(lk_gan_generate_seeds(gan, &seed, 1, params, out, NULL), part);
}

static void free_images(lk_image** images, size_t count) {
    size_t i;
    for (i = 0; i < count; ++i) lk_image_free(images[i]);
}

int main(int argc, char** argv) {
    const uint32_t seeds[3] = {0, 1, 2};
    lk_context* ctx = NULL;
    lk_gan* gan = NULL;
    lk_gan_info info;
    lk_gan_generate_params params;
    lk_image* images[3] = {NULL, NULL, NULL};
    lk_image* sentinel = (lk_image*)&passed;
    lk_image* untouched[1];
    static float pixels[3 * PIXELS], single[PIXELS], morph[3 * PIXELS], ends[2 * PIXELS];
    float* z = NULL;
    float* w = NULL;
    uint32_t* parsed = NULL;
    size_t parsed_count = 0;
    progress_log log;
    lk_status status;
    int i, all_match = 1;

    if (argc < 2) {
        fprintf(stderr, "usage: c_gan_test CONDITIONAL_MODEL\n");
        return 2;
    }
    check(lk_context_create(NULL, &ctx) == LK_OK, "create a CPU context");
    check(lk_gan_load(ctx, argv[1], &gan) == LK_OK, "load the conditional generator");
    if (!gan) return 1;

    memset(&info, 0, sizeof info);
    info.struct_size = sizeof info;
    check(lk_gan_get_info(gan, &info) == LK_OK && info.z_dim == 32 && info.c_dim == 4 &&
              info.w_dim == 32 && info.num_ws == 6 && info.resolution == SIDE &&
              info.channels == CH, "info: z 32, c 4, w 32, 6 ws, 16x16 RGB");

    lk_gan_generate_params_init(&params);
    check(params.truncation_psi == 1.0f && params.truncation_cutoff == -1 &&
              params.noise_mode == LK_GAN_NOISE_CONST && params.class_index == -1 &&
              params.labels == NULL && params.batch_size == 0 && params.mix_crossover == -1,
          "params_init fills the documented defaults");

    params.class_index = 1;
    params.batch_size = 2;
    check(lk_gan_generate_seeds(gan, seeds, 3, &params, images, pixels) == LK_OK,
          "three seeds in batches of two, as images and floats at once");
    for (i = 0; i < 3; ++i)
        all_match = all_match && image_matches_floats(images[i], pixels + i * PIXELS);
    check(all_match, "each 8-bit image is its float output scaled to [0, 255]");
    check(lk_gan_generate_seeds(gan, seeds + 1, 1, &params, NULL, single) == LK_OK &&
              same_floats(single, pixels + PIXELS, PIXELS, 1e-5),
          "a seed gives the same face alone as within a batch");
    check(!same_floats(pixels, pixels + PIXELS, PIXELS, 1e-3), "different seeds, different faces");
    free_images(images, 3);

    /* z -> w -> image equals z -> image. */
    z = (float*)malloc(sizeof(float) * 2 * info.z_dim);
    w = (float*)malloc(sizeof(float) * 2 * info.num_ws * info.w_dim);
    for (i = 0; i < (int)(2 * info.z_dim); ++i) z[i] = (float)sin(i * 0.7);
    params.truncation_psi = 0.7f;
    check(lk_gan_map(gan, z, 2, &params, w) == LK_OK, "map two z to w with truncation");
    check(lk_gan_generate_z(gan, z, 2, &params, NULL, pixels) == LK_OK, "generate from z");
    check(lk_gan_generate_w(gan, w, 1, &params, NULL, single) == LK_OK &&
              same_floats(single, pixels, PIXELS, 1e-5),
          "w from lk_gan_map synthesizes the image that z gives");
    params.truncation_psi = 1.0f;

    /* Morph: the ends are the seeds' own images. */
    check(lk_gan_interpolate(gan, 5, 9, 3, LK_GAN_LERP_W, &params, NULL, morph) == LK_OK,
          "lerp in W between seeds 5 and 9, three steps");
    {
        const uint32_t end_seeds[2] = {5, 9};
        check(lk_gan_generate_seeds(gan, end_seeds, 2, &params, NULL, ends) == LK_OK &&
                  same_floats(morph, ends, PIXELS, 1e-4) &&
                  same_floats(morph + 2 * PIXELS, ends + PIXELS, PIXELS, 1e-4) &&
                  !same_floats(morph + PIXELS, ends, PIXELS, 1e-3),
              "the morph starts at seed 5's face, ends at seed 9's, and differs between");
    }
    check(lk_gan_interpolate(gan, 5, 9, 3, LK_GAN_SLERP_Z, &params, NULL, morph) == LK_OK &&
              same_floats(morph, ends, PIXELS, 1e-3) &&
              same_floats(morph + 2 * PIXELS, ends + PIXELS, PIXELS, 1e-3),
          "slerp in Z has the same ends");

    /* Progress and cancelling. */
    memset(&log, 0, sizeof log);
    params.progress = on_progress;
    params.progress_user = &log;
    params.batch_size = 1;
    check(lk_gan_generate_seeds(gan, seeds, 3, &params, NULL, pixels) == LK_OK &&
              log.calls == 3 && log.last_done == 3 && log.last_total == 3,
          "progress after each of three batches");
    memset(&log, 0, sizeof log);
    log.cancel_after = 2;
    untouched[0] = sentinel;
    status = lk_gan_generate_seeds(gan, seeds, 3, &params, untouched, NULL);
    check(status == LK_ERR_CANCELLED && log.calls == 2 && untouched[0] == sentinel &&
              contains(lk_last_error(), "progress callback"),
          "a non-zero progress return cancels, leaving the outputs untouched");
    params.progress = NULL;

    lk_context_interrupt(ctx);
    check(lk_gan_generate_seeds(gan, seeds, 1, &params, untouched, NULL) == LK_ERR_CANCELLED &&
              untouched[0] == sentinel, "an interrupted context cancels generation");
    lk_context_resume(ctx);

    /* Bad arguments: a status, a sentence, and nothing written. */
    check(refused(lk_gan_generate_seeds(gan, seeds, 0, &params, untouched, NULL),
          "count"), "a count of 0 is refused");
    check(refused(lk_gan_generate_seeds(gan, NULL, 1, &params, untouched, NULL),
          "seeds"), "NULL seeds are refused");
    check(refused(lk_gan_generate_seeds(gan, seeds, 1, &params, NULL, NULL),
          "out_images"), "asking for no output is refused");
    params.truncation_psi = (float)NAN;
    check(seed_refused(gan, &params, untouched, "psi"),
          "a NaN truncation psi is refused");
    params.truncation_psi = 3.0f;
    check(seed_refused(gan, &params, untouched, "[-1, 2]"),
          "a truncation psi of 3 is refused");
    params.truncation_psi = 1.0f;
    params.class_index = 4;
    check(seed_refused(gan, &params, untouched, "class_index"),
          "class index 4 of 4 classes is refused");
    params.class_index = -1;
    check(seed_refused(gan, &params, untouched, "conditional"),
          "a conditional generator needs a class");
    params.class_index = 0;
    params.mix_crossover = 3;
    check(seed_refused(gan, &params, untouched, "mix_seeds"),
          "a crossover without mix seeds is refused");
    check(untouched[0] == sentinel, "no failure wrote an image handle");
    status = lk_gan_load(ctx, "/no/such/generator.safetensors", &gan);
    check(status == LK_ERR_IO && gan != NULL, "a missing file is LK_ERR_IO and keeps *out");

    check(lk_gan_parse_seeds("1,5,9-12", &parsed, &parsed_count) == LK_OK && parsed_count == 6 &&
              parsed[0] == 1 && parsed[2] == 9 && parsed[5] == 12, "seed list 1,5,9-12");
    lk_buffer_free(parsed);
    check(refused(lk_gan_parse_seeds("9-1", &parsed, &parsed_count),
          "backwards"), "a backwards range is refused");

    free(z);
    free(w);
    lk_gan_free(gan);
    lk_gan_free(NULL);
    lk_context_free(ctx);
    return summary();
}
