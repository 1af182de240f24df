/*
 * likeness/train.h: training generators on your own images.
 *
 * lk_gan_train() trains a StyleGAN2 generator and discriminator from scratch (or resumes a run)
 * on a folder of images, Debian's Fashion-MNIST, or an idx file, and writes into out_dir:
 *   network-snapshot-KKKKKK.safetensors  the generator (its moving average, G_ema) after KKKKKK
 *                                        thousand images: load it with lk_gan_load()
 *   training-state.safetensors           everything needed to resume (params.resume)
 *   samples-KKKKKK.png, reals.png        an 8x8 grid of the generator's images for seeds 0..63,
 *                                        and real images at the same size
 *   log.jsonl                            one JSON line per tick: losses, augmentation, speed
 * Each file is written under a temporary name and renamed, so a crash, a cancel or a full disk
 * never leaves a damaged snapshot or state, and never removes the last good one.
 *
 * Threading: lk_gan_train runs on the calling thread (ATen uses the context's thread count) and
 * may run while other threads use the same context. lk_context_interrupt() stops it within one
 * minibatch, after writing a snapshot and the state: it then returns LK_ERR_CANCELLED.
 */
#ifndef LIKENESS_TRAIN_H
#define LIKENESS_TRAIN_H

#include "core.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef enum lk_augment_mode {
    LK_AUGMENT_ADA = 0,   /* adaptive: p follows the discriminator's overfitting (default) */
    LK_AUGMENT_FIXED = 1, /* p = augment_p throughout */
    LK_AUGMENT_NONE = 2
} lk_augment_mode;

/* Where training stands, once per tick. Valid during the callback only. */
typedef struct lk_gan_train_progress {
    uint32_t struct_size;    /* sizeof(lk_gan_train_progress) in the library that calls */
    double kimg;             /* thousands of real images shown so far (resumed runs included) */
    double total_kimg;       /* params.kimg */
    double seconds;          /* since this call started */
    double seconds_per_kimg; /* over the last tick */
    double loss_g, loss_d;   /* the tick's mean generator and discriminator losses */
    double r1_penalty;       /* the tick's mean R1 penalty (0 when gamma is 0) */
    double pl_penalty;       /* the tick's mean path-length penalty (0 when pl_weight is 0) */
    double augment_p;        /* the augmentation probability */
    double real_sign;        /* mean sign of D on reals, ADA's overfitting measure */
    const char* snapshot;    /* the snapshot written at this tick, or "" */
} lk_gan_train_progress;

/* Non-zero stops training after a final snapshot; lk_gan_train then returns LK_ERR_CANCELLED. */
typedef int (*lk_gan_train_progress_fn)(const lk_gan_train_progress* progress, void* user);

/* Defaults follow NVIDIA's stylegan2-ada "auto" configuration for one device; 0 (or -1 where
 * stated) means "auto". */
typedef struct lk_gan_train_params {
    uint32_t struct_size;    /* sizeof(lk_gan_train_params) */
    const char* data;        /* a folder of images, "fashion-mnist", "fashion-mnist:train",
                                "fashion-mnist:test", or an idx images file. Required */
    const char* out_dir;     /* created if missing. Required */
    uint32_t resolution;     /* a power of two in [4, 4096]. Required */
    uint32_t channels;       /* 1 or 3; default 3 */
    int32_t conditional;     /* non-zero: condition on the data's class labels */
    int32_t mirror;          /* non-zero: also show x-flipped reals */
    uint32_t z_dim, w_dim;   /* default 512, 512 */
    uint32_t mapping_layers; /* default 2 */
    uint32_t channel_base;   /* 0: 32768 from resolution 512 up, else 16384 */
    uint32_t channel_max;    /* default 512 */
    uint32_t mbstd_group;    /* minibatch standard deviation group, default 4 */
    uint32_t batch;          /* 0: min(4096 / resolution, 32) */
    double lr;               /* 0: 0.0025 (0.002 from 1024 up) */
    double gamma;            /* R1 weight; -1: 0.0002 * resolution^2 / batch */
    double pl_weight;        /* path-length regularization weight, default 0 (off) */
    double style_mixing;     /* probability, default 0.9 */
    double ema_kimg;         /* G_ema half-life; -1: batch * 10 / 32 */
    double ema_rampup;       /* default 0.05; 0 turns the ramp-up off */
    lk_augment_mode augment; /* default LK_AUGMENT_ADA */
    double augment_p;        /* LK_AUGMENT_FIXED's probability */
    double ada_target;       /* default 0.6 */
    double kimg;             /* training length in thousands of real images, default 25000 */
    double tick_kimg;        /* progress granularity, default 4 */
    uint32_t snapshot_ticks; /* a snapshot every this many ticks (and at the end), default 50 */
    uint64_t seed;           /* default 0 */
    const char* resume;      /* a training-state.safetensors to continue, or NULL */
    lk_gan_train_progress_fn progress; /* called once per tick; may be NULL */
    void* progress_user;
} lk_gan_train_params;

LK_API void lk_gan_train_params_init(lk_gan_train_params* params);

/* Trains on the context's device. Bad parameters (with a sentence naming the first), data with
 * no readable image: LK_ERR_INVALID_ARGUMENT; a resume state from other networks (naming the
 * first differing setting), damaged data: LK_ERR_FORMAT; unwritable out_dir: LK_ERR_IO;
 * interrupted or stopped by the callback: LK_ERR_CANCELLED (a snapshot was written). */
LK_API lk_status lk_gan_train(lk_context* ctx, const lk_gan_train_params* params);

/*
 * lk_diffusion_train() trains a small Stable-Diffusion-1.x-shaped text-to-image model from scratch
 * on labelled images captioned by class (Fashion-MNIST's ten classes: "a photo of a sneaker",
 * "an ankle boot", ...; labels 0-9): first the autoencoder, then the UNet under a frozen CLIP
 * text encoder. It writes into out_dir:
 *   model/                        a diffusers folder (lk_diffusion_load() reads it): the UNet's
 *                                 moving average, the autoencoder, the text encoder, the tokenizer
 *   training-state.safetensors    everything needed to resume (params.resume), bit-exactly
 *   log.jsonl                     one JSON line per logged step: stage, step, loss, speed
 * The same guarantees as lk_gan_train: files written whole, interrupt and callback stop it after
 * the step under way with a checkpoint, and it runs on the calling thread.
 */

/* Where diffusion training stands, every log_every steps. Valid during the callback only. */
typedef struct lk_diffusion_train_progress {
    uint32_t struct_size;    /* sizeof(lk_diffusion_train_progress) in the library that calls */
    const char* stage;       /* "autoencoder", then "unet" */
    int64_t step, steps;     /* within the stage, resumed steps included */
    double loss;             /* the mean loss since the last report */
    double seconds;          /* since this call started */
    double seconds_per_step; /* since the last report */
    const char* checkpoint;  /* the state written at this step, or "" */
} lk_diffusion_train_progress;

/* Non-zero stops training after a checkpoint; lk_diffusion_train then returns LK_ERR_CANCELLED. */
typedef int (*lk_diffusion_train_progress_fn)(const lk_diffusion_train_progress* progress,
                                               void* user);

/* The defaults make the model the SDK ships (models/diffusion/fashion). */
typedef struct lk_diffusion_train_params {
    uint32_t struct_size;   /* sizeof(lk_diffusion_train_params) */
    const char* data;       /* labelled images: "fashion-mnist" (default), or an idx images file
                               with its labels file beside it */
    const char* out_dir;    /* created if missing. Required */
    const char* tokenizer_dir; /* CLIP's vocab.json and merges.txt; NULL: models/clip, where
                                  scripts/setup.sh installs them ($LIKENESS_CLIP_VOCAB overrides) */
    uint32_t resolution;    /* a power of two, default 32 */
    int32_t v_prediction;   /* non-zero: the v objective; default 0, epsilon */
    uint32_t unet_width;    /* the UNet's block_out_channels are (w, 2w, 2w), a multiple of 8;
                               default 32 */
    uint32_t vae_width;     /* the autoencoder's are (w, 2w, 2w), a multiple of 8; default 16 */
    uint32_t text_width;    /* the text encoder's hidden size (and the UNet's cross-attention
                               width); default 64 */
    uint32_t text_layers;   /* default 2 */
    uint32_t vae_steps, vae_batch; /* the autoencoder stage: default 300 steps of 32 images */
    double vae_lr;          /* default 1e-3 */
    double kl_weight;       /* default 1e-4 */
    uint32_t steps, batch;  /* the UNet stage: default 1000 steps of 64 images */
    double lr;              /* default 1e-3 */
    double weight_decay;    /* AdamW's, default 0.01 */
    uint32_t warmup_steps;  /* linear learning-rate warm-up in both stages, default 50 */
    double ema_decay;       /* the UNet's moving average, default 0.999 */
    double empty_captions;  /* fraction of images trained uncaptioned, default 0.1 */
    int32_t mixed_precision; /* CUDA: float16 autocast with loss scaling; default 1 */
    uint32_t log_every;     /* progress every this many steps, default 10 */
    uint32_t checkpoint_every; /* state and model every this many steps (and at the end), 200 */
    uint64_t seed;          /* default 0 */
    const char* resume;     /* a training-state.safetensors to continue, or NULL */
    int32_t save_float16;   /* non-zero: the model folder's weights in float16 (half the size) */
    int32_t train_text_encoder; /* non-zero: train the text encoder with the UNet; default 0,
                                   frozen at its seeded start as SD's is */
    lk_diffusion_train_progress_fn progress; /* may be NULL */
    void* progress_user;
} lk_diffusion_train_params;

LK_API void lk_diffusion_train_params_init(lk_diffusion_train_params* params);

/* Trains on the context's device. Bad parameters (naming the first), unlabelled data:
 * LK_ERR_INVALID_ARGUMENT; a resume state of other networks (naming the first differing
 * setting): LK_ERR_FORMAT; unwritable out_dir or unreadable tokenizer: LK_ERR_IO; interrupted or
 * stopped by the callback: LK_ERR_CANCELLED (a checkpoint was written). */
LK_API lk_status lk_diffusion_train(lk_context* ctx, const lk_diffusion_train_params* params);

#ifdef __cplusplus
}
#endif

#endif /* LIKENESS_TRAIN_H */
