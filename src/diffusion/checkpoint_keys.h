// Single-file Stable Diffusion checkpoints (the CompVis/LDM layout A1111 and ComfyUI load) in
// diffusers' names: which family a checkpoint is, and its UNet, autoencoder and text encoder
// tensors renamed, with the configs their shapes imply.
#pragma once

#include "diffusion/autoencoder.h"
#include "diffusion/text_encoder.h"
#include "diffusion/unet.h"

#include "io/safetensors.h"

#include <string>

namespace lk::diffusion {

struct SingleFileModel {
    UNetConfig unet_config;
    Weights unet;  // diffusers names, CPU tensors as stored
    AutoencoderConfig vae_config;
    Weights vae;
    TextEncoderConfig text_encoder_config;
    Weights text_encoder;
};

// LK_ERR_UNSUPPORTED naming the family for SD 2.x, SDXL (base or refiner) and other LDM models;
// LK_ERR_FORMAT naming the first key that fits no SD 1.x tensor, or the first one missing.
SingleFileModel read_single_file(const io::SafetensorsFile& file);

}  // namespace lk::diffusion
