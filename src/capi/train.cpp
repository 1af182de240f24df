// C ABI: likeness/train.h
#include "capi/boundary.h"
#include "capi/handles.h"
#include "diffusion/trainer.h"
#include "gan/training/trainer.h"

#include <likeness/train.h>

using lk::capi::guarded;
using lk::capi::read_params;
using lk::capi::require;

extern "C" {

void lk_gan_train_params_init(lk_gan_train_params* params) {
    if (!params) return;
    const lk::gan::TrainingOptions d;
    *params = lk_gan_train_params{};
    params->struct_size = sizeof(lk_gan_train_params);
    params->channels = uint32_t(d.channels);
    params->z_dim = uint32_t(d.z_dim);
    params->w_dim = uint32_t(d.w_dim);
    params->mapping_layers = uint32_t(d.mapping_layers);
    params->channel_max = uint32_t(d.channel_max);
    params->mbstd_group = uint32_t(d.mbstd_group);
    params->gamma = d.gamma;
    params->pl_weight = d.pl_weight;
    params->style_mixing = d.style_mixing;
    params->ema_kimg = d.ema_kimg;
    params->ema_rampup = d.ema_rampup;
    params->augment = LK_AUGMENT_ADA;
    params->augment_p = d.augment_p;
    params->ada_target = d.ada_target;
    params->kimg = d.kimg;
    params->tick_kimg = d.tick_kimg;
    params->snapshot_ticks = uint32_t(d.snapshot_ticks);
}

lk_status lk_gan_train(lk_context* ctx, const lk_gan_train_params* given) {
    return guarded([&] {
        require(ctx, "ctx");
        require(given, "params");
        const lk_gan_train_params p = read_params(given, lk_gan_train_params_init, "lk_gan_train_params");
        require(p.data, "params.data");
        require(p.out_dir, "params.out_dir");
        lk::gan::TrainingOptions o;
        o.data = p.data;
        o.out_dir = p.out_dir;
        o.resolution = p.resolution;
        o.channels = p.channels;
        o.conditional = p.conditional != 0;
        o.mirror = p.mirror != 0;
        o.z_dim = p.z_dim;
        o.w_dim = p.w_dim;
        o.mapping_layers = p.mapping_layers;
        o.channel_base = p.channel_base;
        o.channel_max = p.channel_max;
        o.mbstd_group = p.mbstd_group;
        o.batch = p.batch;
        o.lr = p.lr;
        o.gamma = p.gamma;
        o.pl_weight = p.pl_weight;
        o.style_mixing = p.style_mixing;
        o.ema_kimg = p.ema_kimg;
        o.ema_rampup = p.ema_rampup;
        switch (p.augment) {
        case LK_AUGMENT_ADA: o.augment = "ada"; break;
        case LK_AUGMENT_FIXED: o.augment = "fixed"; break;
        case LK_AUGMENT_NONE: o.augment = "none"; break;
        default:
            lk::fail(LK_ERR_INVALID_ARGUMENT,
                     "params.augment is {}; expected LK_AUGMENT_ADA, _FIXED or _NONE", int(p.augment));
        }
        o.augment_p = p.augment_p;
        o.ada_target = p.ada_target;
        o.kimg = p.kimg;
        o.tick_kimg = p.tick_kimg;
        o.snapshot_ticks = p.snapshot_ticks;
        o.seed = p.seed;
        if (p.resume) o.resume = p.resume;

        const lk::gan::TrainingResult result = lk::gan::train(
            o, lk::capi::torch_device(*ctx),
            [&](const lk::gan::TrainingProgress& t) {
                if (!p.progress) return true;
                const lk_gan_train_progress progress{
                    sizeof(lk_gan_train_progress), t.kimg,      t.total_kimg, t.seconds,
                    t.seconds_per_kimg,            t.loss_g,    t.loss_d,     t.loss_r1,
                    t.loss_pl,                     t.augment_p, t.real_sign,  t.snapshot.c_str()};
                return p.progress(&progress, p.progress_user) == 0;
            },
            &ctx->context);
        if (result.stopped)
            lk::fail(LK_ERR_CANCELLED, "training stopped by the progress callback at {} kimg; the "
                     "last snapshot is {}", result.kimg, lk::printable(result.snapshot));
    });
}

void lk_diffusion_train_params_init(lk_diffusion_train_params* params) {
    if (!params) return;
    const lk::diffusion::TrainingOptions d;
    *params = lk_diffusion_train_params{};
    params->struct_size = sizeof(lk_diffusion_train_params);
    params->resolution = uint32_t(d.resolution);
    params->unet_width = uint32_t(d.unet.block_out_channels.front());
    params->vae_width = uint32_t(d.vae.block_out_channels.front());
    params->text_width = uint32_t(d.text_encoder.hidden_size);
    params->text_layers = uint32_t(d.text_encoder.num_hidden_layers);
    params->vae_steps = uint32_t(d.vae_steps);
    params->vae_batch = uint32_t(d.vae_batch);
    params->vae_lr = d.vae_lr;
    params->kl_weight = d.kl_weight;
    params->steps = uint32_t(d.steps);
    params->batch = uint32_t(d.batch);
    params->lr = d.lr;
    params->weight_decay = d.weight_decay;
    params->warmup_steps = uint32_t(d.warmup_steps);
    params->ema_decay = d.ema_decay;
    params->empty_captions = d.empty_captions;
    params->mixed_precision = d.mixed_precision ? 1 : 0;
    params->log_every = uint32_t(d.log_every);
    params->checkpoint_every = uint32_t(d.checkpoint_every);
    params->seed = d.seed;
}

lk_status lk_diffusion_train(lk_context* ctx, const lk_diffusion_train_params* given) {
    return guarded([&] {
        require(ctx, "ctx");
        require(given, "params");
        const lk_diffusion_train_params p =
            read_params(given, lk_diffusion_train_params_init, "lk_diffusion_train_params");
        require(p.out_dir, "params.out_dir");
        lk::diffusion::TrainingOptions o;
        if (p.data) o.data = p.data;
        o.out_dir = p.out_dir;
        if (p.tokenizer_dir) o.tokenizer_dir = p.tokenizer_dir;
        o.resolution = p.resolution;
        o.prediction = p.v_prediction ? lk::diffusion::Prediction::v : lk::diffusion::Prediction::epsilon;
        const auto widths = [](int64_t w) { return std::vector<int64_t>{w, 2 * w, 2 * w}; };
        o.unet.block_out_channels = widths(p.unet_width);
        o.vae.block_out_channels = widths(p.vae_width);
        o.text_encoder.hidden_size = o.unet.cross_attention_dim = p.text_width;
        o.text_encoder.intermediate_size = 4 * int64_t(p.text_width);
        o.text_encoder.num_hidden_layers = p.text_layers;
        o.vae_steps = p.vae_steps;
        o.vae_batch = p.vae_batch;
        o.vae_lr = p.vae_lr;
        o.kl_weight = p.kl_weight;
        o.steps = p.steps;
        o.batch = p.batch;
        o.lr = p.lr;
        o.weight_decay = p.weight_decay;
        o.warmup_steps = p.warmup_steps;
        o.ema_decay = p.ema_decay;
        o.empty_captions = p.empty_captions;
        o.mixed_precision = p.mixed_precision != 0;
        o.log_every = p.log_every;
        o.checkpoint_every = p.checkpoint_every;
        o.seed = p.seed;
        if (p.resume) o.resume = p.resume;
        o.save_float16 = p.save_float16 != 0;
        o.train_text_encoder = p.train_text_encoder != 0;

        const lk::diffusion::TrainingResult result = lk::diffusion::train(
            o, lk::capi::torch_device(*ctx),
            [&](const lk::diffusion::TrainingProgress& t) {
                if (!p.progress) return true;
                const lk_diffusion_train_progress progress{
                    sizeof(lk_diffusion_train_progress), lk::diffusion::stage_name(t.stage),
                    t.step, t.steps, t.loss, t.seconds, t.seconds_per_step, t.checkpoint.c_str()};
                return p.progress(&progress, p.progress_user) == 0;
            },
            &ctx->context);
        if (result.stopped)
            lk::fail(LK_ERR_CANCELLED,
                     "training stopped by the progress callback at {} step {}; the state is {}",
                     lk::diffusion::stage_name(result.stage), result.step,
                     lk::printable(result.state));
    });
}

}  // extern "C"
