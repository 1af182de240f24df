/*
 * likeness/diffusion.h: Stable Diffusion 1.x: text-to-image, image-to-image and inpainting.
 *
 * An lk_diffusion is a Stable Diffusion 1.x model loaded from a diffusers folder
 * (model_index.json, unet/, vae/, text_encoder/, tokenizer/, scheduler/) or a single-file
 * checkpoint (.safetensors). The same model, request and seed give the image diffusers'
 * StableDiffusionPipeline (Img2Img, Inpaint) gives for a torch generator seeded with that seed.
 * Image i of a batch is drawn from seed + i alone, so it is the image a request of one image
 * with seed + i makes, up to float rounding (a few pixels one level apart).
 *
 * Prompts are read as Automatic1111's web UI reads them: "(word)" weighs a word 1.1 times,
 * "[word]" 1/1.1 times, "(word:1.3)" 1.3 times; prompts longer than CLIP's 75 tokens are encoded
 * in windows of 75 tokens whose encodings are joined. Up to 256 windows (19,200 tokens, about
 * 10,000 words) are accepted; a longer prompt is LK_ERR_INVALID_ARGUMENT.
 *
 * Generated images are SDK-owned 8-bit RGB images, freed with lk_image_free(). Those of at
 * least LK_WATERMARK_MIN_SIDE pixels each way carry an invisible watermark by default (see
 * lk_diffusion_request.watermark and lk_diffusion_provenance).
 *
 * Threading: an lk_diffusion is used by one thread at a time; different lk_diffusions may run at
 * once. Its context must outlive it; lk_context_interrupt() on that context stops generation
 * between steps with LK_ERR_CANCELLED. lk_diffusion_sampler_name and _from_name are thread-safe.
 */
#ifndef LIKENESS_DIFFUSION_H
#define LIKENESS_DIFFUSION_H

#include "core.h"
#include "image.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Largest accepted width or height of a request, and largest batch. */
#define LK_DIFFUSION_MAX_SIDE 4096u
#define LK_DIFFUSION_MAX_BATCH 64u

typedef struct lk_diffusion lk_diffusion;

/* The precision of a model's weights and activations. */
typedef enum lk_diffusion_dtype {
    LK_DIFFUSION_FLOAT32 = 0,
    LK_DIFFUSION_FLOAT16 = 1, /* half the memory; for GPUs (CPUs run it slowly, if at all) */
    LK_DIFFUSION_BFLOAT16 = 2
} lk_diffusion_dtype;

typedef struct lk_diffusion_load_params {
    uint32_t struct_size;       /* sizeof(lk_diffusion_load_params) */
    const char* tokenizer_dir;  /* single-file checkpoints, which carry no tokenizer: a folder
                                   with vocab.json and merges.txt (or tokenizer.json); default
                                   NULL: the CLIP vocabulary the set-up installs (models/clip, or
                                   the folder $LIKENESS_CLIP_VOCAB names). Diffusers folders use
                                   their own tokenizer/ */
    lk_diffusion_dtype dtype;   /* default LK_DIFFUSION_FLOAT32 */
} lk_diffusion_load_params;

LK_API void lk_diffusion_load_params_init(lk_diffusion_load_params* params);

/* What the denoiser was trained to predict. */
typedef enum lk_diffusion_prediction {
    LK_DIFFUSION_PREDICT_EPSILON = 0, /* the noise: SD 1.x */
    LK_DIFFUSION_PREDICT_V = 1        /* v = alpha * noise - sigma * sample */
} lk_diffusion_prediction;

/* What a model makes. */
typedef struct lk_diffusion_info {
    uint32_t struct_size;               /* sizeof(lk_diffusion_info), set by the caller: fields
                                           beyond it are not written */
    uint32_t width, height;             /* the size it was trained at (512 x 512 for SD 1.x;
                                           single files do not store it and get that): what a
                                           request with width and height 0 makes */
    uint32_t in_channels;               /* the denoiser's input channels: 4, or 9 for an
                                           inpainting model, which needs init_image and mask */
    lk_diffusion_prediction prediction;
    lk_diffusion_dtype dtype;           /* as loaded */
} lk_diffusion_info;

/* The samplers, each the diffusers scheduler of the same name (docs/diffusion.md). */
typedef enum lk_diffusion_sampler {
    LK_DIFFUSION_SAMPLER_DDPM = 0,
    LK_DIFFUSION_SAMPLER_DDIM = 1,
    LK_DIFFUSION_SAMPLER_EULER = 2,
    LK_DIFFUSION_SAMPLER_EULER_ANCESTRAL = 3,
    LK_DIFFUSION_SAMPLER_DPMPP_2M = 4,
    LK_DIFFUSION_SAMPLER_LCM = 5
} lk_diffusion_sampler;

/* "ddpm", "ddim", "euler", "euler_ancestral", "dpmpp_2m", "lcm"; NULL for another value.
 * Static storage. */
LK_API const char* lk_diffusion_sampler_name(lk_diffusion_sampler sampler);
/* The sampler called `name` (as lk_diffusion_sampler_name spells it); LK_ERR_INVALID_ARGUMENT
 * listing the names for any other. */
LK_API lk_status lk_diffusion_sampler_from_name(const char* name, lk_diffusion_sampler* out);

/* One call's worth of generation. Text-to-image takes the prompt alone; image-to-image adds
 * init_image and strength; inpainting adds mask too. */
typedef struct lk_diffusion_request {
    uint32_t struct_size;         /* sizeof(lk_diffusion_request) */
    const char* prompt;           /* UTF-8; NULL or "" (default): unconditional */
    const char* negative_prompt;  /* what guidance steers away from; NULL or "" (default): none */
    uint32_t width, height;       /* multiples of the model's size step (64 for SD 1.x: its
                                     latents are 8 times smaller and the UNet halves them three
                                     times), at most LK_DIFFUSION_MAX_SIDE; 0 (default):
                                     init_image's size if one is given, else the model's own */
    uint32_t steps;               /* denoising steps, from 1; default 25 (the samplers' limits
                                     are in docs/diffusion.md) */
    double guidance;              /* classifier-free guidance scale, finite; default 7.5; 1 or
                                     less turns guidance off (one denoiser pass per step) */
    lk_diffusion_sampler sampler; /* default LK_DIFFUSION_SAMPLER_DPMPP_2M */
    int32_t karras;               /* Euler and DPM++ 2M: Karras et al.'s sigma spacing; default 0 */
    double eta;                   /* DDIM only, in [0, 1]: 0 (default) is deterministic */
    uint64_t seed;                /* image i of the batch draws all its noise from a torch CPU
                                     generator seeded with seed + i; default 0 */
    uint32_t batch;               /* images made together (one denoiser pass per step), 1
                                     (default) to LK_DIFFUSION_MAX_BATCH */
    uint32_t clip_skip;           /* 1 (default): the text encoder's last layer; k: its k-th last */
    const lk_image_view* init_image; /* image-to-image and inpainting: the image to start from,
                                     1-4 channels (gray is repeated, alpha dropped); borrowed for
                                     the call. NULL (default): text-to-image */
    double strength;              /* with init_image, in [0, 1]: how much of the schedule
                                     re-noises it (1 all but ignores it; the lower, the closer
                                     the result stays to it). The last strength * steps steps
                                     run, at least one of them; default 0.8 */
    const lk_image_view* mask;    /* inpainting, with init_image of the same size: pixels of at
                                     least half white (128) are repainted, darker ones kept;
                                     colour masks are read by their luma. Inpainting models
                                     (9 channels) read it with the kept pixels; others put the
                                     kept region back after each step. Borrowed for the call.
                                     NULL (default): none */
    lk_progress_fn progress;      /* called after each denoising step (done and total count
                                     steps, stage "denoise"); non-zero return cancels with
                                     LK_ERR_CANCELLED. NULL (default): none */
    void* progress_user;          /* passed to progress */
    int32_t watermark;            /* default 1: images of at least LK_WATERMARK_MIN_SIDE pixels
                                     each way carry the model's watermark (the payload and key of
                                     lk_diffusion_provenance; the first such call hashes the
                                     model's files); 0 opts out */
} lk_diffusion_request;

LK_API void lk_diffusion_request_init(lk_diffusion_request* request);

/* Loads a model onto ctx's device in params->dtype. LK_ERR_IO for a path or file that cannot be
 * read, a tokenizer folder without its files among them (the message names the files expected);
 * LK_ERR_FORMAT naming the first file, key or tensor that does not fit; LK_ERR_UNSUPPORTED for
 * another model family (SD 2.x, SDXL), saying which. params may be NULL for the defaults. Free
 * with lk_diffusion_free(). */
LK_API lk_status lk_diffusion_load(lk_context* ctx, const char* path,
                                   const lk_diffusion_load_params* params, lk_diffusion** out);
LK_API void lk_diffusion_free(lk_diffusion* model);

/* Fills the fields of *out that out->struct_size covers. */
LK_API lk_status lk_diffusion_get_info(const lk_diffusion* model, lk_diffusion_info* out);

/* Generates request->batch images into out[0..count), count being request->batch. Bad requests
 * are LK_ERR_INVALID_ARGUMENT naming the field and what it must be, before any work starts
 * (init_image and mask must be of the request's size). On failure nothing is written to out. */
LK_API lk_status lk_diffusion_generate(lk_diffusion* model, const lk_diffusion_request* request,
                                       lk_image** out, size_t count);

/* How to mark what this model makes (see likeness/provenance.h), as lk_gan_provenance does: the
 * defaults (trainedAlgorithmicMedia, watermark on, the default key) plus the model's name (its
 * file's stem or its folder's name) and content hash ("sha256:..." of the file, or of a folder's
 * list of files with their own hashes), and a payload naming the model (the hash's first 32
 * bits). The strings belong to the model and live until lk_diffusion_free(). The first call
 * reads every model file to hash it. For image-to-image and inpainting results, set source_type
 * to LK_SOURCE_COMPOSITE_TRAINED; set record_seed, seed and prompt to state them as well. */
LK_API lk_status lk_diffusion_provenance(lk_diffusion* model, struct lk_provenance* out);

#ifdef __cplusplus
}
#endif

#endif /* LIKENESS_DIFFUSION_H */
