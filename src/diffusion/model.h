// A Stable Diffusion 1.x model as users have it: a diffusers folder (model_index.json, unet/,
// vae/, text_encoder/, tokenizer/, scheduler/) or a single-file checkpoint (.safetensors with
// model.diffusion_model.*, first_stage_model.* and cond_stage_model.* keys), loaded into one form.
#pragma once

#include "diffusion/autoencoder.h"
#include "diffusion/clip_tokenizer.h"
#include "diffusion/noise_schedule.h"
#include "diffusion/sampler.h"
#include "diffusion/text_encoder.h"
#include "diffusion/unet.h"

#include <string>

namespace lk::diffusion {

struct LoadOptions {
    Placement placement;
    // A folder with vocab.json and merges.txt (or tokenizer.json) for checkpoints that carry no
    // tokenizer (single files). Empty: the CLIP vocabulary the set-up installs.
    std::string tokenizer_dir;
};

struct StableDiffusion {
    ClipTokenizer tokenizer;
    TextEncoder text_encoder;
    UNet unet;
    Autoencoder vae;
    NoiseSchedule schedule;  // from scheduler/scheduler_config.json, else SD 1.x's
    Prediction prediction = Prediction::epsilon;
    std::string path;  // what it was loaded from
};

// Loads a diffusers folder or a single-file checkpoint. LK_ERR_IO for files that cannot be read;
// LK_ERR_FORMAT naming the first bad file, key or shape and what was expected; LK_ERR_UNSUPPORTED
// for checkpoints of another family (SD 2.x, SDXL), saying which.
StableDiffusion load_model(const std::string& path, const LoadOptions& options);

// The CLIP vocabulary single files use when LoadOptions::tokenizer_dir is empty:
// $LIKENESS_CLIP_VOCAB, else models/clip (where scripts/setup.sh writes it), from the working
// directory.
std::string default_tokenizer_dir();

// Writes `model` as a diffusers folder (safetensors weights, configs diffusers reads), each file
// whole or not at all. The tokenizer files are copied from `tokenizer_dir`.
void save_diffusers_folder(const StableDiffusion& model, const std::string& tokenizer_dir,
                           const std::string& folder);

}  // namespace lk::diffusion
