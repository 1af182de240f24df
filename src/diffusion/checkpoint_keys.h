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
//
// The configs come from the shapes: input channels (4, or 9 for inpainting; others are
// LK_ERR_UNSUPPORTED), block widths, layers per block, which levels attend, cross-attention and
// text encoder widths, layer counts. What LDM files do not store takes SD 1.x's values: 8 UNet
// attention heads, 32 norm groups (or the largest power of two that divides widths 32 does
// not, which only test models have), sample sizes 64 (UNet) and 512 (autoencoder), scaling factor
// 0.18215, CLIP heads 64 wide (quick GELU). The file's EMA copy of the UNet (model_ema.*), the
// noise schedule's buffers and CLIP's position_ids are left out. Tensors point into the file's
// mapping where they can; the autoencoder's attention projections, 1x1 convolutions in LDM, are
// reshaped to diffusers' linear weights.
SingleFileModel read_single_file(const io::SafetensorsFile& file);

}  // namespace lk::diffusion
