// Text-to-image, image-to-image and inpainting, as diffusers' StableDiffusionPipeline,
// StableDiffusionImg2ImgPipeline and StableDiffusionInpaintPipeline compute them on the CPU, so
// that the same model, request and seed give diffusers' image.
//
// Seeds: image i of a batch has its own CPU generator seeded with seed + i, as diffusers is given
// [torch.Generator().manual_seed(seed + i) for i in range(batch)]: its initial noise, its sample
// of the encoder's distribution and the stochastic samplers' step noise come from it alone, so an
// image is the same whatever batch it is made in. Noise is drawn in float32 on the CPU, then
// converted to the model's dtype and device, so that a seed gives the same image (within
// rounding) in every precision; diffusers draws half-precision noise in half precision, which on
// the CPU gives other numbers, so half-precision images differ from diffusers' beyond rounding.
//
// Where this differs from diffusers, on purpose:
// - Prompts longer than 75 tokens are not cut: they are embedded window by window (A1111), and
//   A1111's emphasis syntax weighs tokens (prompt_embedding.h). A prompt of one window without
//   emphasis gives diffusers' embedding.
// - clip_skip applies to the negative prompt too (A1111's way); diffusers applies it to the
//   positive prompt only. clip_skip 2 is diffusers' clip_skip=1.
// - Inpainting a batch: diffusers samples the image's latents from the first generator alone for
//   every image; here each image samples its own, as diffusers' image-to-image does, so that image
//   i is the image made alone with seed + i. A batch of one is diffusers' image.
#pragma once

#include "core/context.h"
#include "diffusion/model.h"

#include <ATen/core/Tensor.h>

#include <cstdint>
#include <functional>
#include <string>

namespace lk::diffusion {

struct GenerateRequest {
    std::string prompt;           // empty: unconditional
    std::string negative_prompt;  // what classifier-free guidance steers away from
    int64_t width = 0, height = 0;  // multiples of 8; 0: the model's native size
    SamplerOptions sampler;         // kind, steps, prediction (overridden by the model's), ...
    double guidance_scale = 7.5;    // <= 1: no classifier-free guidance
    uint64_t seed = 0;
    int64_t batch = 1;  // images made together, one forward pass per step
    int64_t clip_skip = 1;
    // Image-to-image and inpainting: (3, H, W) float in [0, 1] on the CPU, H and W the request's.
    at::Tensor init_image;
    // In [0, 1]: how much of the schedule re-noises init_image. The last floor(steps * strength)
    // steps run, which must be at least one. Inpainting with 1 starts from pure noise.
    double strength = 0.8;
    // Inpainting: (1, H, W) float in [0, 1], binarized at 0.5: pixels at or above it are
    // repainted, the others kept. A 9-channel (inpainting) UNet reads the mask and the kept
    // pixels; a plain one has the kept region put back, re-noised, after each step.
    at::Tensor mask;
    // Called after each step with the steps done and the steps the run takes (fewer than
    // sampler.steps for image-to-image); returning false cancels with LK_ERR_CANCELLED.
    std::function<bool(int64_t step, int64_t steps)> progress;
    const Context* context = nullptr;  // its interrupt cancels too
};

// Images (batch, 3, height, width), float in [0, 1], on the CPU. LK_ERR_INVALID_ARGUMENT naming
// the first field out of range: width and height multiples of the model's granularity (its
// autoencoder's downscale times the UNet's, 64 for SD 1.x) up to 4096, batch 1 to 64, steps 1 to
// the model's training steps, guidance finite, clip_skip 1 to the text encoder's layers, strength
// in [0, 1], init_image (3, H, W) and mask (1, H, W) of the request's size with values in [0, 1].
// Inpainting (9-channel) models need init_image and mask. LK_ERR_CANCELLED from the progress
// callback or the context's interrupt, checked before each step.
at::Tensor generate(StableDiffusion& model, const GenerateRequest& request);

}  // namespace lk::diffusion
