// `likeness diffusion train`: a small text-to-image model from scratch (likeness/train.h).
#include "commands.h"
#include "interrupt.h"

#include <likeness/likeness.hpp>

#include <fmt/format.h>

#include <algorithm>
#include <string>

namespace lk::cli {

void run_diffusion_train(Arguments& args, Output& out) {
    likeness::Context::Options context_options;
    if (auto device = args.take_option("--device")) context_options.device = *device;
    if (auto threads = args.take_integer("--threads", 1, 1024)) context_options.num_threads = int(*threads);

    lk_diffusion_train_params p;
    lk_diffusion_train_params_init(&p);
    const std::optional<std::string> data = args.take_option("--data");
    const std::optional<std::string> out_dir = args.take_option("--out");
    const std::optional<std::string> tokenizer = args.take_option("--tokenizer");
    const std::optional<std::string> resume = args.take_option("--resume");
    if (!out_dir) throw UsageError("--out is required");
    if (data) p.data = data->c_str();
    p.out_dir = out_dir->c_str();
    if (tokenizer) p.tokenizer_dir = tokenizer->c_str();
    if (resume) p.resume = resume->c_str();
    const auto integer = [&](const char* name, uint32_t& field, long min, long max) {
        if (auto value = args.take_integer(name, min, max)) field = uint32_t(*value);
    };
    const auto number = [&](const char* name, double& field, double min, double max) {
        if (auto value = args.take_number(name, min, max)) field = *value;
    };
    integer("--resolution", p.resolution, 8, 1024);
    integer("--unet-width", p.unet_width, 1, 4096);
    integer("--vae-width", p.vae_width, 1, 4096);
    integer("--text-width", p.text_width, 1, 4096);
    integer("--text-layers", p.text_layers, 1, 64);
    integer("--vae-steps", p.vae_steps, 0, 1 << 30);
    integer("--vae-batch", p.vae_batch, 1, 4096);
    integer("--steps", p.steps, 1, 1 << 30);
    integer("--batch", p.batch, 1, 4096);
    integer("--warmup", p.warmup_steps, 0, 1 << 30);
    integer("--log-every", p.log_every, 1, 1 << 30);
    integer("--checkpoint-every", p.checkpoint_every, 1, 1 << 30);
    if (auto seed = args.take_integer("--seed", 0, 2147483647)) p.seed = uint64_t(*seed);
    number("--vae-lr", p.vae_lr, 1e-9, 1);
    number("--kl-weight", p.kl_weight, 0, 1e6);
    number("--lr", p.lr, 1e-9, 1);
    number("--weight-decay", p.weight_decay, 0, 0.999);
    number("--ema-decay", p.ema_decay, 0, 0.999999);
    number("--empty-captions", p.empty_captions, 0, 1);
    p.v_prediction = args.take_flag("--v-prediction");
    if (args.take_flag("--float32")) p.mixed_precision = 0;
    p.save_float16 = args.take_flag("--save-float16");
    p.train_text_encoder = args.take_flag("--train-text-encoder");
    args.positionals(0);

    likeness::Context context(context_options);
    const InterruptScope interrupt_scope(context);
    out.result["out"] = *out_dir;
    out.result["reports"] = nlohmann::json::array();
    likeness::train_diffusion(context, p, [&](const lk_diffusion_train_progress& t) {
        const double eta = double(t.steps - t.step) * t.seconds_per_step;
        // One line per report, so that a log file keeps the whole run; the bar leads each line.
        constexpr int width = 20;
        const int filled = int(std::min(1.0, double(t.step) / double(t.steps)) * width);
        fmt::print(stderr, "[{}{}] {} step {}/{}  loss {:.4f}  {:.2f} s/step  eta {:.1f} min{}{}\n",
                   std::string(filled, '#'), std::string(width - filled, '-'), t.stage, t.step,
                   t.steps, t.loss, t.seconds_per_step, eta / 60, *t.checkpoint ? "  -> " : "",
                   t.checkpoint);
        out.result["reports"].push_back({{"stage", t.stage},
                                         {"step", t.step},
                                         {"loss", t.loss},
                                         {"seconds", t.seconds}});
        return true;
    });
    out.result["model"] = *out_dir + "/model";
    if (!out.json) fmt::print("trained {}/model\n", *out_dir);
}

}  // namespace lk::cli
