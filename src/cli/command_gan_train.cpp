// `likeness gan train`: StyleGAN2 training from the command line (likeness/train.h).
#include "commands.h"
#include "interrupt.h"

#include <likeness/likeness.hpp>

#include <fmt/format.h>

#include <algorithm>
#include <string>


namespace lk::cli {
namespace {

void number(Arguments& args, const std::string& name, double& field, double min, double max) {
    if (auto value = args.take_number(name, min, max)) field = *value;
}

}  // namespace

void run_gan_train(Arguments& args, Output& out) {
    likeness::Context::Options context_options;
    if (auto device = args.take_option("--device")) context_options.device = *device;
    if (auto threads = args.take_integer("--threads", 1, 1024)) context_options.num_threads = int(*threads);

    lk_gan_train_params p;
    lk_gan_train_params_init(&p);
    const std::optional<std::string> data = args.take_option("--data");
    const std::optional<std::string> out_dir = args.take_option("--out");
    const std::optional<std::string> resume = args.take_option("--resume");
    const std::string augment = args.take_choice("--aug", {"ada", "fixed", "none"}).value_or("ada");
    if (!data) throw UsageError("--data is required");
    if (!out_dir) throw UsageError("--out is required");
    p.data = data->c_str();
    p.out_dir = out_dir->c_str();
    if (resume) p.resume = resume->c_str();
    const auto integer = [&](const char* name, uint32_t& field, long min, long max) {
        if (auto value = args.take_integer(name, min, max)) field = uint32_t(*value);
    };
    const std::optional<long> resolution = args.take_integer("--resolution", 4, 4096);
    if (!resolution) throw UsageError("--resolution is required");
    p.resolution = uint32_t(*resolution);
    integer("--channels", p.channels, 1, 3);
    integer("--z-dim", p.z_dim, 1, 4096);
    integer("--w-dim", p.w_dim, 1, 4096);
    integer("--map", p.mapping_layers, 1, 64);
    integer("--cbase", p.channel_base, 1, 1 << 20);
    integer("--cmax", p.channel_max, 1, 4096);
    integer("--mbstd-group", p.mbstd_group, 1, 1024);
    integer("--batch", p.batch, 1, 4096);
    integer("--snap", p.snapshot_ticks, 1, 1 << 30);
    if (auto seed = args.take_integer("--seed", 0, 2147483647)) p.seed = uint64_t(*seed);
    p.conditional = args.take_flag("--cond");
    p.mirror = args.take_flag("--mirror");
    // Left out, the learning rate, gamma and the EMA half-life scale with resolution and batch.
    number(args, "--kimg", p.kimg, 1e-3, 1e9);
    number(args, "--tick", p.tick_kimg, 1e-3, 1e9);
    number(args, "--lr", p.lr, 1e-9, 1);
    number(args, "--gamma", p.gamma, 0, 1e6);
    number(args, "--pl-weight", p.pl_weight, 0, 1e6);
    number(args, "--style-mixing", p.style_mixing, 0, 1);
    number(args, "--ema-kimg", p.ema_kimg, 0, 1e6);
    number(args, "--p", p.augment_p, 0, 1);
    number(args, "--target", p.ada_target, -1, 1);
    if (augment == "fixed") p.augment = LK_AUGMENT_FIXED;
    if (augment == "none") p.augment = LK_AUGMENT_NONE;
    args.positionals(0);

    likeness::Context context(context_options);
    const InterruptScope interrupt_scope(context);
    out.result["out"] = *out_dir;
    out.result["ticks"] = nlohmann::json::array();
    likeness::train_gan(context, p, [&](const lk_gan_train_progress& t) {
        const double eta = (t.total_kimg - t.kimg) * t.seconds_per_kimg;
        // One line per tick, so that a log file keeps the whole run; the bar leads each line.
        constexpr int width = 20;
        const int filled = int(std::min(1.0, t.kimg / t.total_kimg) * width);
        fmt::print(stderr,
                   "[{}{}] kimg {}/{}  {:.1f} s/kimg  eta {:.0f} min  G {:.3f}  D {:.3f}"
                   "  r1 {:.3f}  pl {:.3f}  p {:.3f}{}{}\n",
                   std::string(filled, '#'), std::string(width - filled, '-'), t.kimg,
                   t.total_kimg, t.seconds_per_kimg, eta / 60, t.loss_g, t.loss_d, t.r1_penalty,
                   t.pl_penalty, t.augment_p, *t.snapshot ? "  -> " : "", t.snapshot);
        out.result["ticks"].push_back({{"kimg", t.kimg},
                                       {"seconds", t.seconds},
                                       {"loss_G", t.loss_g},
                                       {"loss_D", t.loss_d},
                                       {"augment_p", t.augment_p},
                                       {"snapshot", t.snapshot}});
        if (*t.snapshot) out.result["snapshot"] = t.snapshot;
        return true;
    });
    if (!out.json) fmt::print("trained to {}\n", out.result.value("snapshot", std::string()));
}

}  // namespace lk::cli
