#include "diffusion/pipeline.h"

#include "core/error.h"
#include "diffusion/noise.h"
#include "diffusion/prompt_embedding.h"

#include <ATen/TensorOperators.h>
#include <ATen/core/grad_mode.h>
#include <ATen/ops/all.h>
#include <ATen/ops/cat.h>
#include <ATen/ops/full.h>
#include <ATen/ops/isfinite.h>
#include <ATen/ops/max.h>
#include <ATen/ops/min.h>
#include <ATen/ops/scalar_tensor.h>
#include <ATen/ops/upsample_nearest2d.h>
#include <ATen/ops/where.h>
#include <fmt/ranges.h>

#include <cmath>
#include <vector>

namespace lk::diffusion {

namespace {

constexpr int64_t kMaxSide = 4096, kMaxBatch = 64;

// What a request asks for once its defaults are filled in and its fields checked.
struct Plan {
    int64_t width = 0, height = 0;
    int64_t begin = 0;    // the first step run: image-to-image skips the noisiest
    bool guided = false;  // classifier-free guidance: one UNet pass on [negative, positive]
    bool distilled = false;  // an LCM-distilled UNet, which takes the guidance scale as an input
    bool image_to_image = false, inpainting = false;
};

// Where the model's images can be made: latents are 1/downscale of the image and the UNet halves
// them once per block but the last, so sides are multiples of both.
int64_t side_multiple(const StableDiffusion& model) {
    return model.vae.config().downscale() * (int64_t{1} << (model.unet.config().block_out_channels.size() - 1));
}

void check_side(const char* name, int64_t value, int64_t multiple) {
    if (value < multiple || value > kMaxSide || value % multiple != 0)
        fail(LK_ERR_INVALID_ARGUMENT, "{} {} is out of range; expected a multiple of {} from {} to {} (0: the model's own size)",
             name, value, multiple, multiple, kMaxSide);
}

// An image-sized input: `channels` x height x width, floating point, finite, within [0, 1].
void check_image(const char* name, const at::Tensor& image, int64_t channels, const Plan& plan) {
    if (image.dim() != 3 || image.size(0) != channels || image.size(1) != plan.height || image.size(2) != plan.width)
        fail(LK_ERR_INVALID_ARGUMENT, "{} has shape [{}]; expected ({}, {}, {}), the request's height and width",
             name, fmt::join(image.sizes(), ", "), channels, plan.height, plan.width);
    if (!at::isFloatingType(image.scalar_type()))
        fail(LK_ERR_INVALID_ARGUMENT, "{} is of type {}; expected floating point values in [0, 1]", name,
             c10::toString(image.scalar_type()));
    if (!at::isfinite(image).all().item<bool>() || image.min().item<double>() < 0 || image.max().item<double>() > 1)
        fail(LK_ERR_INVALID_ARGUMENT, "{} has values outside [0, 1] (or not numbers); expected values in [0, 1]", name);
}

Plan plan_request(const StableDiffusion& model, const GenerateRequest& request, const Sampler& sampler) {
    Plan plan;
    const int64_t multiple = side_multiple(model);
    const int64_t native = model.unet.config().sample_size * model.vae.config().downscale();
    plan.width = request.width == 0 ? native : request.width;
    plan.height = request.height == 0 ? native : request.height;
    check_side("width", plan.width, multiple);
    check_side("height", plan.height, multiple);
    if (request.batch < 1 || request.batch > kMaxBatch)
        fail(LK_ERR_INVALID_ARGUMENT, "batch {} is out of range; expected 1 to {}", request.batch, kMaxBatch);
    if (!std::isfinite(request.guidance_scale))
        fail(LK_ERR_INVALID_ARGUMENT, "guidance_scale {} is not a number; expected a finite value (<= 1: no guidance)",
             request.guidance_scale);
    // diffusers guides a distilled UNet through its input alone, never by a second pass.
    plan.distilled = model.unet.config().time_cond_proj_dim > 0;
    plan.guided = request.guidance_scale > 1 && !plan.distilled;
    const int64_t layers = model.text_encoder.config().num_hidden_layers;
    if (request.clip_skip < 1 || request.clip_skip > layers)
        fail(LK_ERR_INVALID_ARGUMENT, "clip_skip {} is out of range; expected 1 (the last layer) to {}", request.clip_skip, layers);

    const int64_t in_channels = model.unet.config().in_channels;
    const int64_t latent_channels = model.vae.config().latent_channels;
    if (in_channels != latent_channels && in_channels != 2 * latent_channels + 1)
        fail(LK_ERR_UNSUPPORTED, "the UNet takes {} channels; expected {} (the latents) or {} (inpainting)", in_channels,
             latent_channels, 2 * latent_channels + 1);
    plan.inpainting = request.mask.defined();
    plan.image_to_image = request.init_image.defined() && !plan.inpainting;
    if (plan.inpainting && !request.init_image.defined())
        fail(LK_ERR_INVALID_ARGUMENT, "a mask is given without init_image; expected the image to repaint with it");
    if (in_channels != latent_channels && !plan.inpainting)
        fail(LK_ERR_INVALID_ARGUMENT, "the model is an inpainting model ({} input channels); expected init_image and mask",
             in_channels);
    if (!request.init_image.defined()) return plan;

    check_image("init_image", request.init_image, 3, plan);
    if (plan.inpainting) check_image("mask", request.mask, 1, plan);
    if (!(request.strength >= 0 && request.strength <= 1))
        fail(LK_ERR_INVALID_ARGUMENT, "strength {} is out of range; expected 0 to 1", request.strength);
    // diffusers' get_timesteps: the last strength * steps steps run (rounded down).
    const int64_t steps = sampler.steps();
    const auto run = std::min(static_cast<int64_t>(static_cast<double>(steps) * request.strength), steps);
    if (run < 1)
        fail(LK_ERR_INVALID_ARGUMENT, "strength {} with {} steps runs no step; expected strength of at least 1/{}",
             request.strength, steps, steps);
    plan.begin = steps - run;
    return plan;
}

// The batch's latents of `image` (1, 3, H, W) in [-1, 1], each image sampled from the encoder's
// distribution with its own generator, times the scaling factor (diffusers' _encode_vae_image).
at::Tensor encode_image(const Autoencoder& vae, const at::Tensor& image, const Generators& generators) {
    const LatentDistribution distribution = vae.encode(image);
    std::vector<at::Tensor> latents;
    for (const at::Generator& generator : generators) latents.push_back(distribution.sample(generator));
    return at::cat(latents) * vae.config().scaling_factor;
}

// The UNet's cross-attention input: the prompt's embedding for each image, after the negative
// prompt's for each when guided (diffusers' torch.cat([negative, positive])).
at::Tensor prompt_context(const StableDiffusion& model, const GenerateRequest& request, const Plan& plan) {
    const PromptEmbeddings prompt = embed_prompts(model.tokenizer, model.text_encoder, request.prompt,
                                                  request.negative_prompt, plan.guided, request.clip_skip);
    const int64_t batch = request.batch;
    return plan.guided ? at::cat({prompt.negative.repeat({batch, 1, 1}), prompt.positive.repeat({batch, 1, 1})})
                       : prompt.positive.repeat({batch, 1, 1});
}

// Inpainting's inputs as diffusers prepares them: the request's mask binarized at 0.5 (pixels at
// or above it repainted) and resized to the latents by nearest neighbour; for a 9-channel UNet,
// that mask and the latents of the image with the repainted pixels zeroed, one per image (twice
// when guided), which the UNet reads beside the latents.
struct MaskInputs {
    at::Tensor mask, masked_latents;  // masked_latents undefined for a plain UNet
};

MaskInputs mask_inputs(const StableDiffusion& model, const GenerateRequest& request, const Plan& plan,
                       const at::Tensor& image, at::IntArrayRef shape, const Generators& generators,
                       const at::TensorOptions& like) {
    const at::Tensor binary = at::where(request.mask.unsqueeze(0).to(at::kFloat) < 0.5, 0.0, 1.0);
    MaskInputs out{at::upsample_nearest2d(binary, {shape[2], shape[3]}).to(like), {}};
    if (model.unet.config().in_channels == shape[1]) {
        // A plain UNet does not read the masked image, but diffusers encodes it all the same and
        // so draws its sample from each generator: draw as much, for the step noise after.
        gaussian_noise(shape, generators, at::kFloat);
        return out;
    }
    out.masked_latents = encode_image(model.vae, (image * (binary < 0.5)).to(like), generators);
    out.mask = out.mask.repeat({request.batch, 1, 1, 1});
    if (plan.guided) {
        out.mask = at::cat({out.mask, out.mask});
        out.masked_latents = at::cat({out.masked_latents, out.masked_latents});
    }
    return out;
}

class Cancellation {
public:
    explicit Cancellation(const GenerateRequest& request) : request_(request) {}
    void check() const {
        if (request_.context) request_.context->check_interrupt();
    }
    void after(int64_t done, int64_t total) const {
        if (request_.progress && !request_.progress(done, total))
            fail(LK_ERR_CANCELLED, "cancelled by the progress callback after step {} of {}", done, total);
    }

private:
    const GenerateRequest& request_;
};

}  // namespace

at::Tensor generate(StableDiffusion& model, const GenerateRequest& request) {
    at::NoGradGuard no_grad;
    SamplerOptions options = request.sampler;
    options.prediction = model.prediction;
    const std::unique_ptr<Sampler> sampler = make_sampler(options, model.schedule);
    const Plan plan = plan_request(model, request, *sampler);
    const Cancellation cancellation(request);
    cancellation.check();

    const Placement& placement = model.unet.placement();
    const at::TensorOptions like = at::TensorOptions().dtype(placement.dtype).device(placement.device);
    const Generators generators = seeded_generators(request.seed, request.batch);
    const Autoencoder& vae = model.vae;
    const int64_t batch = request.batch, downscale = vae.config().downscale();
    const std::vector<int64_t> shape{batch, vae.config().latent_channels, plan.height / downscale, plan.width / downscale};

    const at::Tensor context = prompt_context(model, request, plan);

    // The draws from each image's generator come in diffusers' order: the image's latents, the
    // initial noise, the masked image's latents, then the samplers' step noise.
    // Inpainting with strength 1 starts from pure noise, as text-to-image does.
    const bool from_noise = !plan.image_to_image && !(plan.inpainting && request.strength < 1);
    const bool plain_inpainting = plan.inpainting && model.unet.config().in_channels == shape[1];
    at::Tensor image, image_latents;
    if (plan.image_to_image || plan.inpainting) {
        image = request.init_image.unsqueeze(0).to(at::kFloat) * 2.0 - 1.0;
        if (!from_noise || plain_inpainting) image_latents = encode_image(vae, image.to(like), generators);
    }
    const at::Tensor noise = gaussian_noise(shape, generators, like);
    at::Tensor latents = from_noise ? noise * at::scalar_tensor(sampler->init_noise_sigma(), at::kFloat)
                                    : sampler->add_noise(image_latents, noise, plan.begin);
    const MaskInputs masks =
        plan.inpainting ? mask_inputs(model, request, plan, image, shape, generators, like) : MaskInputs{};

    at::Tensor guidance;
    if (plan.distilled)
        guidance = guidance_scale_embedding(at::full({batch}, request.guidance_scale - 1, at::kFloat),
                                            model.unet.config().time_cond_proj_dim).to(like);
    const int64_t steps = sampler->steps();
    for (int64_t step = plan.begin; step < steps; ++step) {
        cancellation.check();
        at::Tensor input = sampler->scale_model_input(plan.guided ? at::cat({latents, latents}) : latents, step);
        if (masks.masked_latents.defined()) input = at::cat({input, masks.mask, masks.masked_latents}, 1);
        at::Tensor prediction = model.unet(input, sampler->timesteps()[step].to(placement.device), context, guidance);
        if (plan.guided) {
            const auto halves = prediction.chunk(2);
            prediction = halves[0] + request.guidance_scale * (halves[1] - halves[0]);
        }
        latents = sampler->step(prediction, step, latents, generators);
        if (plain_inpainting) {
            // A plain UNet repaints everywhere: outside the mask, put back the original latents
            // noised to the level of the next step.
            const at::Tensor original = step + 1 < steps ? sampler->add_noise(image_latents, noise, step + 1) : image_latents;
            latents = (1 - masks.mask) * original + masks.mask * latents;
        }
        cancellation.after(step + 1 - plan.begin, steps - plan.begin);
    }

    const at::Tensor decoded = vae.decode(latents / vae.config().scaling_factor);
    return (decoded * 0.5 + 0.5).clamp(0, 1).to(at::kCPU, at::kFloat);
}

}  // namespace lk::diffusion
