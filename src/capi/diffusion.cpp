// C ABI: likeness/diffusion.h
#include "capi/boundary.h"
#include "capi/generated.h"
#include "capi/handles.h"
#include "core/image.h"
#include "diffusion/model.h"
#include "diffusion/pipeline.h"
#include "kernels/image_tensor.h"

#include <likeness/diffusion.h>
#include <likeness/provenance.h>

#include <ATen/ops/from_blob.h>
#include <c10/core/InferenceMode.h>

#include <string>

struct lk_diffusion {
    lk::diffusion::StableDiffusion model;
    const lk::Context* context;
    lk_diffusion_dtype dtype;
    lk::capi::ModelIdentity identity;
};

using lk::fail;
using lk::capi::guarded;
using lk::capi::require;
using Request = lk_diffusion_request;

namespace {

// In lk_diffusion_sampler's order; the samplers' own names (sampler_named).
constexpr const char* sampler_names[] = {"ddpm", "ddim", "euler", "euler_ancestral", "dpmpp_2m",
                                         "lcm"};
constexpr size_t sampler_count = sizeof sampler_names / sizeof *sampler_names;

lk::diffusion::SamplerKind sampler_kind(lk_diffusion_sampler sampler) {
    if (unsigned(sampler) >= sampler_count)
        fail(LK_ERR_INVALID_ARGUMENT, "lk_diffusion_request.sampler is {}; expected an "
             "lk_diffusion_sampler from 0 to {}", int(sampler), sampler_count - 1);
    return *lk::diffusion::sampler_named(sampler_names[sampler]);
}

at::ScalarType scalar_type(lk_diffusion_dtype dtype) {
    switch (dtype) {
    case LK_DIFFUSION_FLOAT32: return at::kFloat;
    case LK_DIFFUSION_FLOAT16: return at::kHalf;
    case LK_DIFFUSION_BFLOAT16: return at::kBFloat16;
    }
    fail(LK_ERR_INVALID_ARGUMENT, "lk_diffusion_load_params.dtype is {}; expected "
         "LK_DIFFUSION_FLOAT32, _FLOAT16 or _BFLOAT16", int(dtype));
}

// A borrowed image as (channels, H, W) float in [0, 1], computed as diffusers' image processor
// does (uint8 to float32, then divided by 255), so that the same pixels give the same latents.
at::Tensor unit_float(const lk_image_view* view, const char* field, uint32_t channels) {
    try {
        lk::check_view(view);
    } catch (const lk::Error& e) {
        fail(e.status(), "lk_diffusion_request.{}: {}", field, e.what());
    }
    const lk::Image converted = lk::convert_channels(*view, channels);
    const at::Tensor pixels = at::from_blob(const_cast<uint8_t*>(converted.data()),
                                            {int64_t(view->height), int64_t(view->width),
                                             int64_t(channels)},
                                            at::kByte);
    return pixels.permute({2, 0, 1}).to(at::kFloat).div(255).contiguous();
}

// The pipeline's request for the caller's. The pipeline and the sampler check the values and
// name the field out of range; what only the C form can get wrong is checked here.
lk::diffusion::GenerateRequest pipeline_request(const lk_diffusion& model, const Request& r,
                                                size_t count) {
    if (count != r.batch)
        fail(LK_ERR_INVALID_ARGUMENT, "count is {} but lk_diffusion_request.batch is {}; out must "
             "have one slot per image", count, r.batch);
    lk::diffusion::GenerateRequest g;
    g.batch = r.batch;
    g.prompt = r.prompt ? r.prompt : "";
    g.negative_prompt = r.negative_prompt ? r.negative_prompt : "";
    g.sampler.kind = sampler_kind(r.sampler);
    g.sampler.steps = r.steps;
    g.sampler.prediction = model.model.prediction;
    g.sampler.karras_sigmas = r.karras != 0;
    g.sampler.eta = r.eta;
    g.guidance_scale = r.guidance;
    g.seed = r.seed;
    g.clip_skip = r.clip_skip;
    // A side left 0 is init_image's, else the model's own.
    if (r.init_image) {
        g.init_image = unit_float(r.init_image, "init_image", 3);
        g.width = r.init_image->width;
        g.height = r.init_image->height;
        g.strength = r.strength;
    }
    if (r.width) g.width = r.width;
    if (r.height) g.height = r.height;
    if (r.mask) g.mask = unit_float(r.mask, "mask", 1);
    if (r.progress)
        g.progress = [&r](int64_t step, int64_t steps) {
            const lk_progress progress{sizeof(lk_progress), uint64_t(step), uint64_t(steps),
                                       "denoise"};
            return r.progress(&progress, r.progress_user) == 0;
        };
    g.context = model.context;
    return g;
}

}  // namespace

extern "C" {

void lk_diffusion_load_params_init(lk_diffusion_load_params* params) {
    if (!params) return;
    *params = lk_diffusion_load_params{};
    params->struct_size = sizeof(lk_diffusion_load_params);
    params->dtype = LK_DIFFUSION_FLOAT32;
}

void lk_diffusion_request_init(lk_diffusion_request* request) {
    if (!request) return;
    *request = lk_diffusion_request{};
    request->struct_size = sizeof(lk_diffusion_request);
    request->steps = 25;
    request->guidance = 7.5;
    request->sampler = LK_DIFFUSION_SAMPLER_DPMPP_2M;
    request->batch = 1;
    request->clip_skip = 1;
    request->strength = 0.8;
    request->watermark = 1;
}

const char* lk_diffusion_sampler_name(lk_diffusion_sampler sampler) {
    return unsigned(sampler) < sampler_count ? sampler_names[sampler] : nullptr;
}

lk_status lk_diffusion_sampler_from_name(const char* name, lk_diffusion_sampler* out) {
    return guarded([&] {
        require(name, "name");
        require(out, "out");
        std::string choices;
        for (size_t i = 0; i < sampler_count; ++i) {
            if (std::string(name) == sampler_names[i]) {
                *out = lk_diffusion_sampler(i);
                return;
            }
            choices += (i ? ", " : "") + std::string(sampler_names[i]);
        }
        fail(LK_ERR_INVALID_ARGUMENT, "unknown sampler '{}'; expected one of {}",
             lk::printable(name), choices);
    });
}

lk_status lk_diffusion_load(lk_context* ctx, const char* path,
                            const lk_diffusion_load_params* params, lk_diffusion** out) {
    return guarded([&] {
        require(ctx, "ctx");
        require(path, "path");
        require(out, "out");
        const auto p = lk::capi::read_params(params, lk_diffusion_load_params_init,
                                             "lk_diffusion_load_params");
        lk::diffusion::LoadOptions options;
        options.placement.device = lk::capi::torch_device(*ctx);
        options.placement.dtype = scalar_type(p.dtype);
        if (p.tokenizer_dir) options.tokenizer_dir = p.tokenizer_dir;
        *out = new lk_diffusion{lk::diffusion::load_model(path, options), &ctx->context, p.dtype,
                                lk::capi::ModelIdentity(path)};
    });
}

void lk_diffusion_free(lk_diffusion* model) { delete model; }

lk_status lk_diffusion_get_info(const lk_diffusion* model, lk_diffusion_info* out) {
    return guarded([&] {
        require(model, "model");
        lk_diffusion_info info{};
        info.struct_size = sizeof info;
        // What requests of width and height 0 get: the size the model was trained at.
        const lk::diffusion::StableDiffusion& sd = model->model;
        info.width = info.height = uint32_t(sd.unet.config().sample_size * sd.vae.config().downscale());
        info.in_channels = uint32_t(model->model.unet.config().in_channels);
        info.prediction = model->model.prediction == lk::diffusion::Prediction::v
                              ? LK_DIFFUSION_PREDICT_V
                              : LK_DIFFUSION_PREDICT_EPSILON;
        info.dtype = model->dtype;
        lk::capi::write_out(info, out, "lk_diffusion_info");
    });
}

lk_status lk_diffusion_generate(lk_diffusion* model, const lk_diffusion_request* request,
                                lk_image** out, size_t count) {
    return guarded([&] {
        require(model, "model");
        require(request, "request");
        require(out, "out");
        const Request r = lk::capi::read_params(request, lk_diffusion_request_init,
                                                "lk_diffusion_request");
        const lk::diffusion::GenerateRequest g = pipeline_request(*model, r, count);
        at::Tensor pixels;
        {
            c10::InferenceMode inference;
            pixels = lk::tensor_to_images(lk::diffusion::generate(model->model, g), 255, 0);
        }
        std::vector<lk::Image> images =
            lk::capi::generated_images(pixels, r.watermark ? &model->identity : nullptr);
        for (size_t i = 0; i < images.size(); ++i) out[i] = lk::capi::wrap(std::move(images[i]));
    });
}

lk_status lk_diffusion_provenance(lk_diffusion* model, lk_provenance* out) {
    return guarded([&] {
        require(model, "model");
        require(out, "out");
        model->identity.describe(*out);
    });
}

}  // extern "C"
