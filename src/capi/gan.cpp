// C ABI: likeness/gan.h
#include "capi/boundary.h"
#include "capi/generated.h"
#include "capi/handles.h"
#include "gan/generator.h"
#include "gan/latents.h"
#include "gan/seed_list.h"
#include "gan/seeds.h"
#include "kernels/image_tensor.h"

#include <likeness/gan.h>
#include <likeness/provenance.h>

#include <ATen/ops/cat.h>
#include <ATen/ops/from_blob.h>
#include <ATen/ops/zeros.h>
#include <c10/core/InferenceMode.h>

#include <algorithm>
#include <cstdlib>
#include <functional>
#include <optional>
#include <string>
#include <vector>

struct lk_gan {
    lk::gan::Generator generator;
    const lk::Context* context;
    lk::capi::ModelIdentity identity;
};

using lk::fail;
using lk::capi::guarded;
using lk::capi::require;
using Params = lk_gan_generate_params;

namespace {

constexpr uint32_t default_batch_size = 8;

Params read_params(const Params* given) {
    return lk::capi::read_params(given, lk_gan_generate_params_init, "lk_gan_generate_params");
}

const lk::gan::GeneratorConfig& config_of(const lk_gan& gan) { return gan.generator.config(); }

void check_count(size_t count, const char* what) {
    // Beyond this, count * z_dim and the outputs stop fitting anywhere sensible.
    if (count == 0 || count > lk::gan::max_seed_list_length)
        fail(LK_ERR_INVALID_ARGUMENT, "{} must be from 1 to {}, got {}", what,
             lk::gan::max_seed_list_length, count);
}

lk::gan::NoiseMode noise_mode(lk_gan_noise mode) {
    switch (mode) {
    case LK_GAN_NOISE_CONST: return lk::gan::NoiseMode::Const;
    case LK_GAN_NOISE_RANDOM: return lk::gan::NoiseMode::Random;
    case LK_GAN_NOISE_NONE: return lk::gan::NoiseMode::None;
    }
    fail(LK_ERR_INVALID_ARGUMENT, "noise_mode {} is not LK_GAN_NOISE_CONST, _RANDOM or _NONE",
         int(mode));
}

std::optional<int64_t> cutoff(const Params& p) {
    if (p.truncation_cutoff == -1) return std::nullopt;
    if (p.truncation_cutoff < 0)
        fail(LK_ERR_INVALID_ARGUMENT, "truncation_cutoff must be -1 (all ws) or from 0, got {}",
             p.truncation_cutoff);
    return p.truncation_cutoff;
}

// Refuses label parameters that do not fit the generator before any work starts.
void check_labels(const lk_gan& gan, const Params& p) {
    const int64_t c_dim = config_of(gan).c_dim;
    if (c_dim == 0) {
        if (p.class_index != -1 || p.labels)
            fail(LK_ERR_INVALID_ARGUMENT, "this generator is unconditional (c_dim 0): leave "
                 "class_index at -1 and labels NULL");
        return;
    }
    if (p.labels && p.class_index != -1)
        fail(LK_ERR_INVALID_ARGUMENT, "give class_index or labels, not both");
    if (!p.labels && (p.class_index < 0 || p.class_index >= c_dim))
        fail(LK_ERR_INVALID_ARGUMENT,
             "this generator is conditional (c_dim {}): class_index must be in [0, {}) or labels "
             "given, got class_index {}", c_dim, c_dim, p.class_index);
}

// Labels for samples first..first+n; `shared` when the caller's labels hold one label for all.
at::Tensor labels_for(const lk_gan& gan, const Params& p, int64_t first, int64_t n,
                      bool shared = false) {
    const int64_t c_dim = config_of(gan).c_dim;
    if (c_dim == 0) return {};
    if (p.labels) {
        float* data = const_cast<float*>(p.labels);
        if (shared) return at::from_blob(data, {1, c_dim}).expand({n, c_dim});
        return at::from_blob(data + first * c_dim, {n, c_dim});
    }
    at::Tensor one_hot = at::zeros({1, c_dim});
    one_hot[0][p.class_index] = 1;
    return one_hot.expand({n, c_dim});
}

at::Tensor borrowed(const float* data, std::vector<int64_t> shape) {
    return at::from_blob(const_cast<float*>(data), shape);
}

// Runs `step(first, n)` over the samples in batches of the caller's size; between batches it
// honours the context's interrupt and reports progress, which may cancel.
void for_each_batch(const lk_gan& gan, size_t count, const Params& p,
                    const std::function<void(int64_t first, int64_t n)>& step) {
    const int64_t total = int64_t(count);
    const int64_t batch = p.batch_size ? int64_t(p.batch_size) : default_batch_size;
    for (int64_t first = 0; first < total; first += batch) {
        gan.context->check_interrupt();
        const int64_t n = std::min(batch, total - first);
        step(first, n);
        if (p.progress) {
            const lk_progress progress{sizeof(lk_progress), uint64_t(first + n), uint64_t(total),
                                       "generate"};
            if (p.progress(&progress, p.progress_user) != 0)
                fail(LK_ERR_CANCELLED, "cancelled by the progress callback after {} of {} images",
                     first + n, total);
        }
    }
}

// Collects generated batches and hands them to the caller's outputs only once all succeeded,
// keeping just the forms asked for.
class ImageOutputs {
public:
    ImageOutputs(lk_image** images, float* pixels) : images_(images), pixels_(pixels) {
        if (!images && !pixels)
            fail(LK_ERR_INVALID_ARGUMENT, "out_images and out_pixels are both NULL; ask for at "
                 "least one");
    }

    // x: float (n, C, R, R) on the generator's device.
    void add(const at::Tensor& x) {
        if (images_) bytes_.push_back(lk::tensor_to_images(x, 127.5f, 127.5f).cpu());
        if (pixels_) floats_.push_back(x.cpu());
    }

    // `marked_by`: the model whose watermark the 8-bit images large enough get, if any.
    void deliver(lk::capi::ModelIdentity* marked_by) {
        std::vector<lk::Image> images;
        for (const at::Tensor& batch : bytes_)
            for (lk::Image& image : lk::capi::generated_images(batch, marked_by))
                images.push_back(std::move(image));
        if (pixels_) {
            const at::Tensor all = at::cat(floats_).contiguous();
            std::copy_n(all.data_ptr<float>(), all.numel(), pixels_);
        }
        for (size_t i = 0; i < images.size(); ++i)
            images_[i] = lk::capi::wrap(std::move(images[i]));
    }

private:
    lk_image** images_;
    float* pixels_;
    std::vector<at::Tensor> bytes_, floats_;
};

at::Tensor mapped(const lk_gan& gan, const at::Tensor& z, const at::Tensor& c, const Params& p) {
    return gan.generator.mapping(z, c, p.truncation_psi, cutoff(p));
}

// The common shape of the generate calls: check what every one needs, then synthesize the ws
// that `ws_of(first, n)` gives for each batch.
lk_status generate(lk_gan* gan, size_t count, const char* count_name, const Params* params,
                   lk_image** out_images, float* out_pixels, bool reads_labels,
                   const std::function<void(const Params&)>& check,
                   const std::function<at::Tensor(const Params&, int64_t, int64_t)>& ws_of) {
    return guarded([&] {
        require(gan, "gan");
        check_count(count, count_name);
        const Params p = read_params(params);
        ImageOutputs outputs(out_images, out_pixels);
        const lk::gan::NoiseMode noise = noise_mode(p.noise_mode);
        if (reads_labels) check_labels(*gan, p);
        check(p);
        c10::InferenceMode inference;
        for_each_batch(*gan, count, p, [&](int64_t first, int64_t n) {
            outputs.add(gan->generator.synthesis(ws_of(p, first, n), noise));
        });
        outputs.deliver(p.watermark ? &gan->identity : nullptr);
    });
}

}  // namespace

extern "C" {

void lk_gan_generate_params_init(lk_gan_generate_params* params) {
    if (!params) return;
    *params = lk_gan_generate_params{};
    params->struct_size = sizeof(lk_gan_generate_params);
    params->truncation_psi = 1.0f;
    params->truncation_cutoff = -1;
    params->noise_mode = LK_GAN_NOISE_CONST;
    params->class_index = -1;
    params->mix_crossover = -1;
    params->watermark = 1;
}

lk_status lk_gan_load(lk_context* ctx, const char* path, lk_gan** out) {
    return guarded([&] {
        require(ctx, "ctx");
        require(path, "path");
        require(out, "out");
        *out = new lk_gan{lk::gan::Generator::load(path, lk::capi::torch_device(*ctx)),
                          &ctx->context, lk::capi::ModelIdentity(path)};
    });
}

void lk_gan_free(lk_gan* gan) { delete gan; }

lk_status lk_gan_get_info(const lk_gan* gan, lk_gan_info* out) {
    return guarded([&] {
        require(gan, "gan");
        const lk::gan::GeneratorConfig& c = config_of(*gan);
        const lk_gan_info info{sizeof(lk_gan_info),  uint32_t(c.z_dim),
                               uint32_t(c.c_dim),    uint32_t(c.w_dim),
                               uint32_t(c.num_ws()), uint32_t(c.img_resolution),
                               uint32_t(c.img_channels)};
        lk::capi::write_out(info, out, "lk_gan_info");
    });
}

lk_status lk_gan_generate_seeds(lk_gan* gan, const uint32_t* seeds, size_t count,
                                const lk_gan_generate_params* params, lk_image** out_images,
                                float* out_pixels) {
    const auto check = [&](const Params& p) {
        require(seeds, "seeds");
        const int64_t num_ws = config_of(*gan).num_ws();
        if (p.mix_crossover != -1 && (p.mix_crossover < 0 || p.mix_crossover > num_ws))
            fail(LK_ERR_INVALID_ARGUMENT, "mix_crossover must be -1 (no mixing) or in [0, {}], "
                 "got {}", num_ws, p.mix_crossover);
        if ((p.mix_crossover != -1) != (p.mix_seeds != nullptr))
            fail(LK_ERR_INVALID_ARGUMENT, "style mixing needs both mix_seeds and mix_crossover "
                 "(or neither)");
    };
    const auto ws_of = [&](const Params& p, int64_t first, int64_t n) {
        const int64_t z_dim = config_of(*gan).z_dim;
        const at::Tensor c = labels_for(*gan, p, first, n);
        const auto latents = [&](const uint32_t* from) {
            return lk::gan::latents_from_seeds({from + first, from + first + n}, z_dim);
        };
        const at::Tensor ws = mapped(*gan, latents(seeds), c, p);
        if (!p.mix_seeds) return ws;
        return lk::gan::mix_styles(ws, mapped(*gan, latents(p.mix_seeds), c, p), p.mix_crossover);
    };
    return generate(gan, count, "count", params, out_images, out_pixels, true, check, ws_of);
}

lk_status lk_gan_generate_z(lk_gan* gan, const float* z, size_t count,
                            const lk_gan_generate_params* params, lk_image** out_images,
                            float* out_pixels) {
    const auto check = [&](const Params&) { require(z, "z"); };
    return generate(
        gan, count, "count", params, out_images, out_pixels, true, check,
        [&](const Params& p, int64_t first, int64_t n) {
            const int64_t z_dim = config_of(*gan).z_dim;
            return mapped(*gan, borrowed(z + first * z_dim, {n, z_dim}),
                          labels_for(*gan, p, first, n), p);
        });
}

lk_status lk_gan_generate_w(lk_gan* gan, const float* w, size_t count,
                            const lk_gan_generate_params* params, lk_image** out_images,
                            float* out_pixels) {
    const auto check = [&](const Params&) { require(w, "w"); };
    return generate(
        gan, count, "count", params, out_images, out_pixels, false, check,
        [&](const Params&, int64_t first, int64_t n) {
            const auto& c = config_of(*gan);
            return borrowed(w + first * c.num_ws() * c.w_dim, {n, c.num_ws(), c.w_dim});
        });
}

lk_status lk_gan_map(lk_gan* gan, const float* z, size_t count,
                     const lk_gan_generate_params* params, float* out_w) {
    return guarded([&] {
        require(gan, "gan");
        require(z, "z");
        require(out_w, "out_w");
        check_count(count, "count");
        const Params p = read_params(params);
        check_labels(*gan, p);
        c10::InferenceMode inference;
        const int64_t z_dim = config_of(*gan).z_dim;
        std::vector<at::Tensor> batches;
        for_each_batch(*gan, count, p, [&](int64_t first, int64_t n) {
            const at::Tensor c = labels_for(*gan, p, first, n);
            batches.push_back(mapped(*gan, borrowed(z + first * z_dim, {n, z_dim}), c, p).cpu());
        });
        const at::Tensor all = at::cat(batches).contiguous();
        std::copy_n(all.data_ptr<float>(), all.numel(), out_w);
    });
}

lk_status lk_gan_interpolate(lk_gan* gan, uint32_t seed_a, uint32_t seed_b, size_t steps,
                             lk_gan_interpolation mode, const lk_gan_generate_params* params,
                             lk_image** out_images, float* out_pixels) {
    at::Tensor path;  // ws for LERP_W, z for SLERP_Z: one row per step
    const auto check = [&](const Params& p) {
        if (mode != LK_GAN_LERP_W && mode != LK_GAN_SLERP_Z)
            fail(LK_ERR_INVALID_ARGUMENT, "interpolation mode {} is not LK_GAN_LERP_W or "
                 "LK_GAN_SLERP_Z", int(mode));
        const at::Tensor z = lk::gan::latents_from_seeds({seed_a, seed_b}, config_of(*gan).z_dim);
        if (mode == LK_GAN_SLERP_Z) {
            path = lk::gan::slerp_steps(z[0], z[1], int64_t(steps));
            return;
        }
        c10::InferenceMode inference;
        const at::Tensor ws = mapped(*gan, z, labels_for(*gan, p, 0, 2, true), p);
        path = lk::gan::lerp_steps(ws[0], ws[1], int64_t(steps));
    };
    const auto ws_of = [&](const Params& p, int64_t first, int64_t n) {
        const at::Tensor rows = path.narrow(0, first, n);
        if (mode == LK_GAN_LERP_W) return rows;
        return mapped(*gan, rows, labels_for(*gan, p, first, n, true), p);
    };
    return generate(gan, steps, "steps", params, out_images, out_pixels, true, check, ws_of);
}

lk_status lk_gan_parse_seeds(const char* text, uint32_t** out_seeds, size_t* out_count) {
    return guarded([&] {
        require(text, "text");
        require(out_seeds, "out_seeds");
        require(out_count, "out_count");
        const std::vector<uint32_t> seeds = lk::gan::parse_seed_list(text);
        auto* copy = static_cast<uint32_t*>(std::malloc(seeds.size() * sizeof(uint32_t)));
        if (!copy) fail(LK_ERR_OUT_OF_MEMORY, "cannot allocate {} seeds", seeds.size());
        std::copy(seeds.begin(), seeds.end(), copy);
        *out_seeds = copy;
        *out_count = seeds.size();
    });
}

lk_status lk_gan_provenance(lk_gan* gan, lk_provenance* out) {
    return guarded([&] {
        require(gan, "gan");
        require(out, "out");
        gan->identity.describe(*out);
    });
}

}  // extern "C"
