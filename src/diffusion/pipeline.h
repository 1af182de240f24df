// Text-to-image, image-to-image and inpainting, as diffusers' StableDiffusionPipeline,
// StableDiffusionImg2ImgPipeline and StableDiffusionInpaintPipeline compute them on the CPU, so
// that the same model, request and seed give diffusers' image.
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
    double strength = 0.8;  // in [0, 1]: how much of the schedule re-noises init_image
    // Inpainting: (1, H, W) float in [0, 1], 1 where the image is repainted.
    at::Tensor mask;
    // Called after each step; returning false cancels with LK_ERR_CANCELLED.
    std::function<bool(int64_t step, int64_t steps)> progress;
    const Context* context = nullptr;  // its interrupt cancels too
};

// Images (batch, 3, height, width), float in [0, 1], on the CPU. LK_ERR_INVALID_ARGUMENT naming
// the first field out of range.
at::Tensor generate(StableDiffusion& model, const GenerateRequest& request);

}  // namespace lk::diffusion
