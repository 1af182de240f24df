/* A C integrator making images with Stable Diffusion through likeness.h: load a model, read its
 * info, generate from text, from an image and with a mask, follow and cancel progress, mark the
 * images, and get a status plus a sentence naming the field for every bad request (with the
 * outputs untouched).
 * Usage: c_diffusion_test TINY_PIPELINES_DIR SINGLE_FILES_DIR EMPTY_DIR (the folders that
 * make_tiny_pipelines.py writes, txt2img/ and inpaint/; write_single_files.py's txt2img.safetensors,
 * the same model as one file; EMPTY_DIR holds no tokenizer files). Exits 77 when the tiny
 * pipelines are missing (no diffusers to make them), 1 on any failed check. */
#include "c_checks.h"

#include <likeness/likeness.h>

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>


static int same_pixels(const lk_image* a, const lk_image* b) {
    lk_image_view va, vb;
    if (lk_image_get_view(a, &va) != LK_OK || lk_image_get_view(b, &vb) != LK_OK) return 0;
    return va.width == vb.width && va.height == vb.height && va.channels == vb.channels &&
           memcmp(va.data, vb.data, (size_t)va.height * va.stride) == 0;
}

/* Equal but for float rounding: a batch's images are computed in other orders of float32
 * operations than the same images made alone (the kernels block by batch size), which moves a
 * few pixels by one level. */
static int close_pixels(const lk_image* a, const lk_image* b) {
    lk_image_view va, vb;
    size_t i, n, differ = 0;
    if (lk_image_get_view(a, &va) != LK_OK || lk_image_get_view(b, &vb) != LK_OK ||
        va.width != vb.width || va.height != vb.height || va.channels != vb.channels)
        return 0;
    n = (size_t)va.height * va.stride;
    for (i = 0; i < n; ++i) {
        if (abs((int)va.data[i] - (int)vb.data[i]) > 1) return 0;
        differ += va.data[i] != vb.data[i];
    }
    return differ * 100 <= n;
}

static int has_size(const lk_image* image, uint32_t width, uint32_t height) {
    lk_image_view v;
    return lk_image_get_view(image, &v) == LK_OK && v.width == width && v.height == height &&
           v.channels == 3;
}

static void free_images(lk_image** images, size_t count) {
    size_t i;
    for (i = 0; i < count; ++i) {
        lk_image_free(images[i]);
        images[i] = NULL;
    }
}

/* `words` copies of "face " as one string; free() it. */
static char* long_prompt(size_t words) {
    char* text = (char*)malloc(words * 5 + 1);
    size_t i;
    for (i = 0; i < words; ++i) memcpy(text + i * 5, "face ", 5);
    text[words * 5] = '\0';
    return text;
}

/* A request that generating one image refuses as bad input naming `part`. */
static int request_refused(lk_diffusion* model, const lk_diffusion_request* request,
                           lk_image** out, const char* part) {
    return refused(lk_diffusion_generate(model, request, out, 1), part);
}

/* A view of tightly packed pixels. */
static lk_image_view packed(const uint8_t* pixels, uint32_t width, uint32_t height,
                            uint32_t channels) {
    lk_image_view view;
    view.width = width;
    view.height = height;
    view.channels = channels;
    view.stride = (size_t)width * channels;
    view.data = pixels;
    return view;
}

/* The first 32 bits of a "sha256:<hex>" hash. */
static uint32_t hash_prefix(const char* hash) {
    char digits[9];
    memcpy(digits, hash + 7, 8);
    digits[8] = '\0';
    return (uint32_t)strtoul(digits, NULL, 16);
}

enum { SIDE = 64 };

int main(int argc, char** argv) {
    char txt2img[4096], inpaint[4096], probe[4200], single_file[4096], tokenizer[4200];
    lk_context* ctx = NULL;
    lk_diffusion* model = NULL;
    lk_diffusion* inpainter = NULL;
    lk_diffusion* from_file = NULL;
    lk_diffusion* sentinel_model = (lk_diffusion*)&passed;
    lk_diffusion_info info;
    lk_diffusion_load_params load;
    lk_diffusion_request request, bad;
    lk_image* images[2] = {NULL, NULL};
    lk_image* again[2] = {NULL, NULL};
    lk_image* sentinel = (lk_image*)&failed;
    lk_image* untouched[1];
    lk_provenance provenance;
    lk_watermark_result mark;
    lk_image_view view, small_view;
    static uint8_t picture[96 * 64 * 3], mask_pixels[96 * 64], small[32 * 32];
    progress_log log;
    lk_diffusion_sampler sampler;
    char* text;
    FILE* probe_file;
    int i, names_ok = 1;

    if (argc < 4) {
        fprintf(stderr, "usage: c_diffusion_test TINY_PIPELINES_DIR SINGLE_FILES_DIR EMPTY_DIR\n");
        return 2;
    }
    snprintf(txt2img, sizeof txt2img, "%s/txt2img", argv[1]);
    snprintf(inpaint, sizeof inpaint, "%s/inpaint", argv[1]);
    snprintf(single_file, sizeof single_file, "%s/txt2img.safetensors", argv[2]);
    snprintf(probe, sizeof probe, "%s/model_index.json", txt2img);
    probe_file = fopen(probe, "rb");
    if (!probe_file) {
        printf("skipped: no tiny pipelines in %s (diffusers missing?)\n", argv[1]);
        return 77;
    }
    fclose(probe_file);

    check(lk_context_create(NULL, &ctx) == LK_OK, "create a CPU context");
    check(lk_diffusion_load(ctx, txt2img, NULL, &model) == LK_OK, "load the tiny txt2img folder");
    if (!model) return 1;

    memset(&info, 0, sizeof info);
    info.struct_size = sizeof info;
    check(lk_diffusion_get_info(model, &info) == LK_OK && info.width == SIDE &&
              info.height == SIDE && info.in_channels == 4 &&
              info.prediction == LK_DIFFUSION_PREDICT_EPSILON && info.dtype == LK_DIFFUSION_FLOAT32,
          "info: 64x64 (sample size 8, a VAE 8 times smaller), 4 channels, epsilon, float32");
    info.struct_size = 0;
    check(refused(lk_diffusion_get_info(model, &info), "struct_size"),
          "info without struct_size is refused");

    lk_diffusion_request_init(&request);
    check(request.steps == 25 && request.guidance == 7.5 &&
              request.sampler == LK_DIFFUSION_SAMPLER_DPMPP_2M && request.batch == 1 &&
              request.clip_skip == 1 && request.strength == 0.8 && request.watermark == 1 &&
              request.width == 0 && request.prompt == NULL && request.init_image == NULL,
          "request_init fills the documented defaults");

    /* Text to image. */
    request.prompt = "a (portrait:1.2) photo of a woman, [blurry]";
    request.negative_prompt = "lowres";
    request.steps = 2;
    request.seed = 7;
    request.batch = 2;
    check(lk_diffusion_generate(model, &request, images, 2) == LK_OK &&
              has_size(images[0], SIDE, SIDE) && has_size(images[1], SIDE, SIDE),
          "two 64x64 RGB images at the model's own size");
    check(lk_diffusion_generate(model, &request, again, 2) == LK_OK &&
              same_pixels(images[0], again[0]) && same_pixels(images[1], again[1]),
          "the same request and seed give the same images");
    check(!same_pixels(images[0], images[1]), "the images of one batch differ");
    free_images(again, 2);
    request.seed = 8;
    request.batch = 1;
    check(lk_diffusion_generate(model, &request, again, 1) == LK_OK &&
              close_pixels(images[1], again[0]),
          "image 1 of a batch from seed 7 is the image seed 8 makes alone");
    free_images(again, 1);
    request.batch = 2;
    request.seed = 8;
    check(lk_diffusion_generate(model, &request, again, 2) == LK_OK &&
              !same_pixels(images[0], again[0]),
          "another seed gives other images");
    free_images(again, 2);
    free_images(images, 2);
    request.batch = 1;

    request.prompt = "";
    request.negative_prompt = NULL;
    request.width = 96;
    check(lk_diffusion_generate(model, &request, images, 1) == LK_OK &&
              has_size(images[0], 96, SIDE),
          "an empty prompt makes an unconditional image, here 96x64");
    free_images(images, 1);
    request.prompt = NULL;
    request.guidance = 1.0;
    check(lk_diffusion_generate(model, &request, images, 1) == LK_OK,
          "a NULL prompt without guidance works too");
    free_images(images, 1);
    request.guidance = 7.5;
    request.width = 0;

    text = long_prompt(10000);
    request.prompt = text;
    check(lk_diffusion_generate(model, &request, images, 1) == LK_OK,
          "a prompt of 10,000 words is encoded in 75-token windows");
    free_images(images, 1);
    free(text);
    text = long_prompt(30000);
    request.prompt = text;
    check(request_refused(model, &request, untouched, "19200 tokens"),
          "a prompt of 30,000 words is refused, naming the tokenizer's cap");
    free(text);
    request.prompt = "a face";

    /* Progress, cancelling and interrupting. */
    memset(&log, 0, sizeof log);
    request.progress = on_progress;
    request.progress_user = &log;
    request.steps = 3;
    check(lk_diffusion_generate(model, &request, images, 1) == LK_OK && log.calls == 3 &&
              log.last_done == 3 && log.last_total == 3 && log.stage &&
              strcmp(log.stage, "denoise") == 0,
          "progress after each of three denoising steps");
    free_images(images, 1);
    memset(&log, 0, sizeof log);
    log.cancel_after = 1;
    untouched[0] = sentinel;
    check(lk_diffusion_generate(model, &request, untouched, 1) == LK_ERR_CANCELLED &&
              log.calls == 1 && untouched[0] == sentinel,
          "a non-zero progress return cancels, leaving out untouched");
    request.progress = NULL;
    lk_context_interrupt(ctx);
    check(lk_diffusion_generate(model, &request, untouched, 1) == LK_ERR_CANCELLED &&
              untouched[0] == sentinel, "an interrupted context cancels generation");
    lk_context_resume(ctx);
    request.steps = 2;

    /* Image to image: the size comes from the image. */
    for (i = 0; i < 96 * 64 * 3; ++i) picture[i] = (uint8_t)(i * 7 % 251);
    view = packed(picture, 96, 64, 3);
    request.init_image = &view;
    request.strength = 0.5;
    check(lk_diffusion_generate(model, &request, images, 1) == LK_OK &&
              has_size(images[0], 96, 64),
          "image to image at strength 0.5 keeps init_image's size");
    free_images(images, 1);

    /* Bad requests: a status, a sentence naming the field, and nothing written. */
    check(refused(lk_diffusion_generate(model, NULL, untouched, 1), "request"),
          "a NULL request is refused");
    bad = request;
    bad.struct_size = 0;
    check(request_refused(model, &bad, untouched, "struct_size"),
          "a request without struct_size is refused");
    bad = request;
    bad.init_image = NULL;
    bad.width = 100;
    check(request_refused(model, &bad, untouched, "width"), "a width of 100 is refused");
    bad.width = 1000000;
    check(request_refused(model, &bad, untouched, "width"), "a width of 10^6 is refused");
    bad.width = 64;
    bad.height = 12;
    check(request_refused(model, &bad, untouched, "height"), "a height of 12 is refused");
    bad = request;
    bad.steps = 0;
    check(request_refused(model, &bad, untouched, "steps"), "0 steps are refused");
    bad = request;
    bad.guidance = NAN;
    check(request_refused(model, &bad, untouched, "guidance"), "a NaN guidance is refused");
    bad = request;
    bad.strength = 1.5;
    check(request_refused(model, &bad, untouched, "strength"), "a strength of 1.5 is refused");
    bad.strength = -0.1;
    check(request_refused(model, &bad, untouched, "strength"), "a strength of -0.1 is refused");
    bad = request;
    bad.sampler = (lk_diffusion_sampler)99;
    check(request_refused(model, &bad, untouched, "sampler"), "sampler 99 is refused");
    bad = request;
    bad.batch = 2;
    check(request_refused(model, &bad, untouched, "batch"),
          "one output slot for a batch of two is refused");
    bad = request;
    bad.width = 64;
    bad.height = 64;
    check(request_refused(model, &bad, untouched, "init_image"),
          "an init_image of another size than width x height is refused");
    memset(small, 255, sizeof small);
    small_view = packed(small, 32, 32, 1);
    bad = request;
    bad.mask = &small_view;
    check(request_refused(model, &bad, untouched, "mask"),
          "a mask of another size than init_image is refused");
    bad = request;
    bad.init_image = NULL;
    bad.mask = &small_view;
    check(request_refused(model, &bad, untouched, "init_image"),
          "a mask without init_image is refused");
    bad = request;
    bad.clip_skip = 0;
    check(request_refused(model, &bad, untouched, "clip_skip"), "clip_skip 0 is refused");
    check(untouched[0] == sentinel, "no failure wrote an image handle");

    /* Marking. */
    check(lk_diffusion_provenance(model, &provenance) == LK_OK &&
              strcmp(provenance.model_name, "txt2img") == 0 &&
              strncmp(provenance.model_hash, "sha256:", 7) == 0 &&
              strlen(provenance.model_hash) == 7 + 64 &&
              provenance.payload == hash_prefix(provenance.model_hash) &&
              provenance.watermark == 1 &&
              provenance.source_type == LK_SOURCE_TRAINED_ALGORITHMIC,
          "provenance names the folder, its hash, and a payload of the hash's first 32 bits");
    request.init_image = NULL;
    request.width = request.height = LK_WATERMARK_MIN_SIDE;
    check(lk_diffusion_generate(model, &request, images, 1) == LK_OK &&
              lk_image_get_view(images[0], &view) == LK_OK &&
              lk_watermark_detect(&view, LK_WATERMARK_DEFAULT_KEY, &mark) == LK_OK &&
              mark.found && mark.payload == provenance.payload,
          "a 192x192 image carries the model's watermark");
    free_images(images, 1);
    request.watermark = 0;
    check(lk_diffusion_generate(model, &request, images, 1) == LK_OK &&
              lk_image_get_view(images[0], &view) == LK_OK &&
              lk_watermark_detect(&view, LK_WATERMARK_DEFAULT_KEY, &mark) == LK_OK && !mark.found,
          "watermark 0 opts out");
    free_images(images, 1);

    /* Samplers by name. */
    for (i = 0; i < 6; ++i)
        names_ok = names_ok && lk_diffusion_sampler_name((lk_diffusion_sampler)i) &&
                   lk_diffusion_sampler_from_name(lk_diffusion_sampler_name((lk_diffusion_sampler)i),
                                                  &sampler) == LK_OK &&
                   sampler == (lk_diffusion_sampler)i;
    check(names_ok && strcmp(lk_diffusion_sampler_name(LK_DIFFUSION_SAMPLER_DPMPP_2M),
                             "dpmpp_2m") == 0 &&
              lk_diffusion_sampler_name((lk_diffusion_sampler)6) == NULL,
          "each sampler's name reads back as the sampler");
    check(refused(lk_diffusion_sampler_from_name("plms", &sampler), "euler_ancestral"),
          "an unknown sampler name is refused, listing the names");

    /* Inpainting. */
    check(lk_diffusion_load(ctx, inpaint, NULL, &inpainter) == LK_OK, "load the inpainting folder");
    if (inpainter) {
        memset(&info, 0, sizeof info);
        info.struct_size = sizeof info;
        check(lk_diffusion_get_info(inpainter, &info) == LK_OK && info.in_channels == 9,
              "the inpainting model takes 9 channels");
        lk_diffusion_request_init(&request);
        request.prompt = "a face";
        request.steps = 2;
        view = packed(picture, 96, 64, 3);
        request.init_image = &view;
        check(request_refused(inpainter, &request, untouched, "mask"),
              "an inpainting model without a mask is refused");
        for (i = 0; i < 96 * 64; ++i) mask_pixels[i] = (uint8_t)((i % 96) < 48 ? 0 : 255);
        small_view = packed(mask_pixels, 96, 64, 1);
        request.mask = &small_view;
        check(lk_diffusion_generate(inpainter, &request, images, 1) == LK_OK &&
                  has_size(images[0], 96, 64),
              "inpainting the right half of a 96x64 image");
        free_images(images, 1);
        lk_diffusion_free(inpainter);
    }

    /* The same model as one file, with the folder's tokenizer, makes the same images. */
    lk_diffusion_load_params_init(&load);
    snprintf(tokenizer, sizeof tokenizer, "%s/tokenizer", txt2img);
    load.tokenizer_dir = tokenizer;
    check(lk_diffusion_load(ctx, single_file, &load, &from_file) == LK_OK,
          "load the single-file checkpoint with the folder's tokenizer");
    if (from_file) {
        lk_diffusion_request_init(&request);
        request.prompt = "a face";
        request.steps = 2;
        request.seed = 4;
        /* Single files do not store the size the model was trained at (SD 1.x's 512 stands in). */
        request.width = request.height = SIDE;
        check(lk_diffusion_generate(model, &request, images, 1) == LK_OK &&
                  lk_diffusion_generate(from_file, &request, again, 1) == LK_OK &&
                  same_pixels(images[0], again[0]),
              "the single file gives the folder's image");
        free_images(images, 1);
        free_images(again, 1);
        lk_diffusion_free(from_file);
    }

    /* Models that cannot load. */
    check(lk_diffusion_load(ctx, "/no/such/model", NULL, &sentinel_model) == LK_ERR_IO &&
              contains(lk_last_error(), "/no/such/model") && sentinel_model == (lk_diffusion*)&passed,
          "a missing model is LK_ERR_IO naming the path, and keeps *out");
    lk_diffusion_load_params_init(&load);
    load.tokenizer_dir = argv[3];
    check(lk_diffusion_load(ctx, single_file, &load, &sentinel_model) == LK_ERR_IO &&
              contains(lk_last_error(), "vocab.json") && contains(lk_last_error(), argv[3]),
          "a single file with a tokenizer folder that lacks the files names what is missing");
    load.tokenizer_dir = NULL;
    load.dtype = (lk_diffusion_dtype)7;
    check(refused(lk_diffusion_load(ctx, txt2img, &load, &sentinel_model), "dtype"),
          "an unknown dtype is refused");

    lk_diffusion_free(model);
    lk_diffusion_free(NULL);
    lk_context_free(ctx);
    return summary();
}
