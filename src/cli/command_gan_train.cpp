// `likeness gan train`: StyleGAN2 training from the command line (likeness/train.h).
#include "commands.h"

#include <likeness/likeness.hpp>

#include <fmt/format.h>

#include <cmath>
#include <cstdio>
#include <string>

#include <unistd.h>

namespace lk::cli {
namespace {

// "auto" keeps the library's automatic value.
double number_or_auto(Arguments& args, const std::string& name, double fallback, double min,
                      double max) {
    const std::optional<std::string> text = args.take_option(name);
    if (!text || *text == "auto") return fallback;
    size_t used = 0;
    double value = 0;
    try {
        value = std::stod(*text, &used);
    } catch (const std::exception&) {
        used = 0;
    }
    if (used != text->size() || !std::isfinite(value) || value < min || value > max)
        throw UsageError(fmt::format("{} must be a number in [{}, {}]{}, got \"{}\"", name, min, max,
                                     fallback < 0 ? " or auto" : "", *text));
    return value;
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
    const std::optional<std::string> augment = args.take_option("--aug");
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
    p.kimg = number_or_auto(args, "--kimg", p.kimg, 1e-3, 1e9);
    p.tick_kimg = number_or_auto(args, "--tick", p.tick_kimg, 1e-3, 1e9);
    p.lr = number_or_auto(args, "--lr", p.lr, 1e-9, 1);
    p.gamma = number_or_auto(args, "--gamma", p.gamma, 0, 1e6);
    p.pl_weight = number_or_auto(args, "--pl-weight", p.pl_weight, 0, 1e6);
    p.style_mixing = number_or_auto(args, "--style-mixing", p.style_mixing, 0, 1);
    p.ema_kimg = number_or_auto(args, "--ema-kimg", p.ema_kimg, 0, 1e6);
    p.augment_p = number_or_auto(args, "--p", p.augment_p, 0, 1);
    p.ada_target = number_or_auto(args, "--target", p.ada_target, -1, 1);
    if (augment) {
        if (*augment == "ada") p.augment = LK_AUGMENT_ADA;
        else if (*augment == "fixed") p.augment = LK_AUGMENT_FIXED;
        else if (*augment == "none") p.augment = LK_AUGMENT_NONE;
        else throw UsageError(fmt::format("--aug must be ada, fixed or none, got \"{}\"", *augment));
    }
    args.positionals(0);

    likeness::Context context(context_options);
    out.result["out"] = *out_dir;
    out.result["ticks"] = nlohmann::json::array();
    likeness::train_gan(context, p, [&](const lk_gan_train_progress& t) {
        const double eta = (t.total_kimg - t.kimg) * t.seconds_per_kimg;
        std::fprintf(stderr,
                     "kimg %.1f/%.1f  %.1f s/kimg  eta %.0f min  G %.3f  D %.3f  r1 %.3f  pl %.3f"
                     "  p %.3f%s%s\n",
                     t.kimg, t.total_kimg, t.seconds_per_kimg, eta / 60, t.loss_g, t.loss_d,
                     t.r1_penalty, t.pl_penalty, t.augment_p, *t.snapshot ? "  -> " : "",
                     t.snapshot);
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
