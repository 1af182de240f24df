// Training a small Stable-Diffusion-1.x-shaped text-to-image model from scratch on labelled
// images whose classes have captions (Fashion-MNIST's by default, fashion_captions.h), in two
// stages, as latent diffusion is trained:
//   1. the autoencoder: reconstruction (mean squared error) plus a small KL term towards N(0, 1),
//      on the training images; its scaling_factor is then set to 1 / the standard deviation of
//      its latents, so the UNet sees latents of about unit variance (as SD's 0.18215 does);
//   2. the UNet: the epsilon or v objective on the model's noise schedule (SD's scaled-linear),
//      conditioned through cross-attention on a CLIP text encoder initialized from the seed and
//      frozen, as SD's is, or trained with the UNet (train_text_encoder), with a fraction of
//      captions left empty so that classifier-free guidance has an unconditional model to steer
//      from.
// Both stages use AdamW with a linear warm-up, gradient clipping to norm 1 and, on CUDA, float16
// autocast with dynamic loss scaling (the CPU runs float32 throughout). The model users get holds
// an exponential moving average of the UNet, and of the text encoder when it is trained
// (diffusers' EMAModel decay with its warm-up).
//
// Files in options.out_dir:
//   model/                        the diffusers folder (model.h): the EMA UNet, the autoencoder,
//                                 the text encoder, the tokenizer; rewritten at each checkpoint
//   training-state.safetensors    every weight, the EMA, the optimizers' moments, the random
//                                 generator's state, the data order and the counters: resuming
//                                 from it continues bit-exactly where the run stopped
//   log.jsonl                     one JSON object per logged step: stage, step, loss, speed
// The state is written whole under a temporary name and renamed; an interruption at any moment
// leaves the last checkpoint in place.
#pragma once

#include "core/context.h"
#include "diffusion/autoencoder.h"
#include "diffusion/sampler.h"
#include "diffusion/text_encoder.h"
#include "diffusion/unet.h"

#include <c10/core/Device.h>

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

namespace lk::diffusion {

struct TrainingOptions {
    // Labelled images (data/dataset.h sources): "fashion-mnist", an idx file, ...
    std::string data = "fashion-mnist";
    std::string out_dir;
    int64_t resolution = 32;  // a power of two; images are made 3-channel, as SD's are
    // A folder with the CLIP vocab.json and merges.txt, copied into the model; empty: the one
    // the set-up installs (default_tokenizer_dir() in model.h).
    std::string tokenizer_dir;
    // The captions of each class label; empty: Fashion-MNIST's.
    std::vector<std::vector<std::string>> class_captions;
    double empty_captions = 0.1;  // the fraction of images trained with the empty caption

    // The networks; the defaults are the small model this repository ships (8x8x4 latents).
    UNetConfig unet = small_unet();
    AutoencoderConfig vae = small_autoencoder();
    TextEncoderConfig text_encoder = small_text_encoder();
    Prediction prediction = Prediction::epsilon;
    // Trains the text encoder with the UNet (and averages it too) instead of keeping it frozen
    // at its seeded start: random CLIP features tell classes apart, but a UNet learns to read
    // them far more slowly than trained ones.
    bool train_text_encoder = false;

    // Stage 1, the autoencoder.
    int64_t vae_steps = 300;
    int64_t vae_batch = 32;
    double vae_lr = 1e-3;
    double kl_weight = 1e-4;  // per latent element, against the per-pixel squared error

    // Stage 2, the UNet.
    int64_t steps = 1000;
    int64_t batch = 64;
    double lr = 1e-3;
    double weight_decay = 1e-2;
    int64_t warmup_steps = 50;  // both stages: the learning rate ramps up linearly over these
    double ema_decay = 0.999;   // the most the EMA keeps per step

    bool mixed_precision = true;  // CUDA only: float16 autocast with loss scaling
    bool save_float16 = false;    // the model folder's weights in float16: half the size

    int64_t log_every = 10;          // progress callback and log line every this many steps
    int64_t checkpoint_every = 200;  // state and model every this many steps (and at the end)
    uint64_t seed = 0;
    std::string resume;  // a training-state.safetensors to continue from

    // LK_ERR_INVALID_ARGUMENT naming the first option out of range.
    void validate() const;

    static UNetConfig small_unet();
    static AutoencoderConfig small_autoencoder();
    static TextEncoderConfig small_text_encoder();
};

enum class TrainingStage { autoencoder, unet };

// "autoencoder" or "unet".
const char* stage_name(TrainingStage stage);

struct TrainingProgress {
    TrainingStage stage = TrainingStage::autoencoder;
    int64_t step = 0, steps = 0;   // within the stage, resumed steps included
    double loss = 0;               // mean over the steps since the last report
    double seconds = 0;            // since this call started
    double seconds_per_step = 0;   // over the steps since the last report
    std::string checkpoint;        // the state written at this step, or empty
};

struct TrainingResult {
    std::string model;   // the diffusers folder
    std::string state;   // what `resume` continues from
    TrainingStage stage = TrainingStage::unet;
    int64_t step = 0;    // within `stage`
    bool stopped = false;  // the callback asked to stop before the end
};

// Returning false stops training after a checkpoint at that step.
using TrainingCallback = std::function<bool(const TrainingProgress&)>;

// Trains on `device` with float32 weights. `context` (may be null) gets the data loader's
// warnings, and its interrupt stops training within one step: the state and model are written,
// then LK_ERR_CANCELLED. LK_ERR_INVALID_ARGUMENT for options out of range or data without labels
// or with more classes than captions; LK_ERR_FORMAT for a resume state that is not one or that
// was trained with other networks (naming the first differing setting); LK_ERR_IO when out_dir
// or the tokenizer cannot be read or written.
TrainingResult train(TrainingOptions options, c10::Device device,
                     const TrainingCallback& callback = {}, const Context* context = nullptr);

}  // namespace lk::diffusion
