/*
 * likeness/gan.h: StyleGAN2 generators: faces from seeds, latents and styles.
 *
 * An lk_gan is a generator loaded from a Likeness generator file (safetensors with the config
 * in its metadata; the Python package converts NVIDIA's pickles). A seed names the same latent z
 * as NVIDIA's generate.py draws for it (numpy's RandomState(seed).randn(1, z_dim)), so seeds
 * found with NVIDIA's tools give the same faces here.
 *
 * Generated images come back in up to two forms, each optional but not both absent (8-bit images
 * carry an invisible watermark by default: see lk_gan_generate_params.watermark):
 * - out_images: an array of `count` slots the caller provides; each receives an SDK-owned
 *   8-bit image (width = height = resolution, RGB for 3-channel models) that the caller frees
 *   with lk_image_free();
 * - out_pixels: count * channels * resolution * resolution floats the caller provides, filled
 *   in NCHW order with the network's raw output (about [-1, 1]).
 * On failure nothing is written to either: images made before the failure are freed.
 *
 * Threading: an lk_gan is used by one thread at a time; different lk_gans may run at once. Its
 * context must outlive it; lk_context_interrupt() on that context stops generation between
 * batches with LK_ERR_CANCELLED.
 */
#ifndef LIKENESS_GAN_H
#define LIKENESS_GAN_H

#include "core.h"
#include "image.h"

#ifdef __cplusplus
extern "C" {
#endif

/* ---- Generation -------------------------------------------------------------------------- */

typedef struct lk_gan lk_gan;

/* What a generator takes and makes. */
typedef struct lk_gan_info {
    uint32_t struct_size; /* sizeof(lk_gan_info), set by the caller: fields beyond it are not
                             written, so older callers keep working with newer libraries */
    uint32_t z_dim;       /* latent length */
    uint32_t c_dim;       /* label length; 0 for an unconditional generator */
    uint32_t w_dim;       /* style vector length */
    uint32_t num_ws;      /* style vectors per image: a w input holds num_ws * w_dim floats */
    uint32_t resolution;  /* images are resolution x resolution */
    uint32_t channels;    /* 3 (RGB) for faces */
} lk_gan_info;

typedef enum lk_gan_noise {
    LK_GAN_NOISE_CONST = 0,  /* the noise stored with the model: the same input, the same image */
    LK_GAN_NOISE_RANDOM = 1, /* fresh noise per image: fine detail (hair, pores) varies */
    LK_GAN_NOISE_NONE = 2    /* no noise: smoother detail */
} lk_gan_noise;

typedef struct lk_gan_generate_params {
    uint32_t struct_size;         /* sizeof(lk_gan_generate_params) */
    float truncation_psi;         /* in [-1, 2]; 1 (default) keeps w, 0.7 trades variety for
                                     typical faces by pulling w toward the average */
    int32_t truncation_cutoff;    /* truncate only the first N ws; -1 (default) all of them */
    lk_gan_noise noise_mode;      /* default LK_GAN_NOISE_CONST */
    int32_t class_index;          /* conditional generators: one-hot label, in [0, c_dim);
                                     -1 (default) for none, which unconditional ones require */
    const float* labels;          /* conditional generators, instead of class_index: count *
                                     c_dim floats, one label per sample (borrowed for the call);
                                     NULL (default) otherwise */
    uint32_t batch_size;          /* samples per forward pass; 0 (default) picks 8 */
    lk_progress_fn progress;      /* called after each batch (done and total count samples);
                                     non-zero return cancels with LK_ERR_CANCELLED. NULL: none */
    void* progress_user;          /* passed to progress */
    const uint32_t* mix_seeds;    /* lk_gan_generate_seeds only: NULL (default) or one seed per
                                     sample whose ws replace the sample's own ... */
    int32_t mix_crossover;        /* ... from this layer on (style mixing: coarse layers from
                                     the sample's seed, finer ones from its mix seed); in
                                     [0, num_ws], default -1 = no mixing */
    int32_t watermark;            /* default 1: 8-bit images of at least LK_WATERMARK_MIN_SIDE
                                     pixels carry the generator's watermark (the payload and
                                     key of lk_gan_provenance; the first such call hashes the
                                     model file); 0 opts out. out_pixels, the raw network
                                     output, is never marked */
} lk_gan_generate_params;

LK_API void lk_gan_generate_params_init(lk_gan_generate_params* params);

/* Loads a generator onto ctx's device. LK_ERR_IO if the file cannot be read; LK_ERR_FORMAT
 * for any other format or tensors that do not fit the config (the message names the first).
 * Free with lk_gan_free(). */
LK_API lk_status lk_gan_load(lk_context* ctx, const char* path, lk_gan** out);
LK_API void lk_gan_free(lk_gan* gan);

/* Fills the fields of *out that out->struct_size covers. */
LK_API lk_status lk_gan_get_info(const lk_gan* gan, lk_gan_info* out);

/* One image per seed (see the header comment for out_images and out_pixels). params may be
 * NULL for the defaults; on a conditional generator it must give class_index or labels. */
LK_API lk_status lk_gan_generate_seeds(lk_gan* gan, const uint32_t* seeds, size_t count,
                                       const lk_gan_generate_params* params,
                                       lk_image** out_images, float* out_pixels);

/* One image per latent: z holds count * z_dim floats. mix_seeds is not read. */
LK_API lk_status lk_gan_generate_z(lk_gan* gan, const float* z, size_t count,
                                   const lk_gan_generate_params* params, lk_image** out_images,
                                   float* out_pixels);

/* Synthesis alone: w holds count * num_ws * w_dim floats (from lk_gan_map or edited). Reads
 * only noise_mode, batch_size and the progress callback. */
LK_API lk_status lk_gan_generate_w(lk_gan* gan, const float* w, size_t count,
                                   const lk_gan_generate_params* params, lk_image** out_images,
                                   float* out_pixels);

/* The mapping network alone: count * z_dim floats of z to count * num_ws * w_dim floats of w
 * in out_w, with truncation and labels as params give them. */
LK_API lk_status lk_gan_map(lk_gan* gan, const float* z, size_t count,
                            const lk_gan_generate_params* params, float* out_w);

typedef enum lk_gan_interpolation {
    LK_GAN_LERP_W = 0, /* straight line between the two seeds' ws (after truncation) */
    LK_GAN_SLERP_Z = 1 /* great circle between the two seeds' z, each point mapped */
} lk_gan_interpolation;

/* `steps` images from seed_a to seed_b, both included (steps 1 gives seed_a's image): a
 * morph. Outputs as for lk_gan_generate_seeds, with count = steps. labels, if given, hold
 * one label used for every step; mix_seeds is not read. */
LK_API lk_status lk_gan_interpolate(lk_gan* gan, uint32_t seed_a, uint32_t seed_b,
                                    size_t steps, lk_gan_interpolation mode,
                                    const lk_gan_generate_params* params, lk_image** out_images,
                                    float* out_pixels);

/* How to mark what this generator makes (see likeness/provenance.h): *out is initialized with
 * the defaults (trainedAlgorithmicMedia, watermark on, the default key) plus the model's name
 * (its file's stem) and content hash ("sha256:..."), and a payload naming the model (the hash's
 * first 32 bits). The strings belong to the generator and live until lk_gan_free(). The first
 * call reads the whole model file to hash it. Pass *out as lk_image_save_params.provenance to
 * save marked images; set record_seed and seed to state the seed as well. */
LK_API lk_status lk_gan_provenance(lk_gan* gan, struct lk_provenance* out);

/* Seed lists as people type them: "0-999", "1,5,9-12" (seeds in [0, 2^32-1], ranges
 * inclusive, order and repeats kept, at most 2^24 seeds). *out_seeds is freed with
 * lk_buffer_free(). Thread-safe. */
LK_API lk_status lk_gan_parse_seeds(const char* text, uint32_t** out_seeds, size_t* out_count);

#ifdef __cplusplus
}
#endif

#endif /* LIKENESS_GAN_H */
