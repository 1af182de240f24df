#include "gan/training/options.h"

#include "core/error.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

namespace lk::gan {

void TrainingOptions::resolve() {
    const auto check = [](bool ok, const std::string& message) {
        if (!ok) fail(LK_ERR_INVALID_ARGUMENT, "{}", message);
    };
    check(resolution >= 4 && resolution <= 4096 && (resolution & (resolution - 1)) == 0,
          fmt::format("resolution must be a power of two in [4, 4096], got {}", resolution));
    check(channels == 1 || channels == 3, fmt::format("channels must be 1 or 3, got {}", channels));
    if (channel_base == 0) channel_base = resolution >= 512 ? 32768 : 16384;
    if (batch == 0) batch = std::max<int64_t>(1, std::min<int64_t>(4096 / resolution, 32));
    if (lr == 0) lr = resolution >= 1024 ? 0.002 : 0.0025;
    if (gamma < 0) gamma = 0.0002 * double(resolution * resolution) / double(batch);
    if (ema_kimg < 0) ema_kimg = double(batch) * 10 / 32;
    check(!data.empty(), "no training data given");
    check(!out_dir.empty(), "no output folder given");
    check(z_dim >= 1 && w_dim >= 1, fmt::format("z_dim and w_dim must be positive, got {} and {}", z_dim, w_dim));
    check(mapping_layers >= 1, fmt::format("mapping_layers must be at least 1, got {}", mapping_layers));
    check(channel_base >= 1 && channel_max >= 1, "channel_base and channel_max must be positive");
    check(batch >= 1, fmt::format("batch must be at least 1, got {}", batch));
    check(mbstd_group >= 1 && batch % std::min(mbstd_group, batch) == 0,
          fmt::format("batch {} must be a multiple of the minibatch-stddev group {}", batch, mbstd_group));
    check(std::isfinite(lr) && lr > 0, fmt::format("learning rate must be positive, got {}", lr));
    check(std::isfinite(gamma) && gamma >= 0, fmt::format("gamma must be at least 0, got {}", gamma));
    check(std::isfinite(pl_weight) && pl_weight >= 0, fmt::format("pl_weight must be at least 0, got {}", pl_weight));
    check(style_mixing >= 0 && style_mixing <= 1, fmt::format("style_mixing must be in [0, 1], got {}", style_mixing));
    check(std::isfinite(ema_kimg) && ema_kimg >= 0, fmt::format("ema_kimg must be at least 0, got {}", ema_kimg));
    check(ema_rampup >= 0, fmt::format("ema_rampup must be at least 0, got {}", ema_rampup));
    check(r1_interval >= 1 && pl_interval >= 1, "regularization intervals must be at least 1");
    check(augment == "ada" || augment == "fixed" || augment == "none",
          fmt::format("augment must be ada, fixed or none, got \"{}\"", augment));
    check(augment_p >= 0 && augment_p <= 1, fmt::format("augment_p must be in [0, 1], got {}", augment_p));
    check(ada_target > -1 && ada_target < 1, fmt::format("ada_target must be in (-1, 1), got {}", ada_target));
    check(ada_kimg > 0, fmt::format("ada_kimg must be positive, got {}", ada_kimg));
    check(std::isfinite(kimg) && kimg > 0, fmt::format("kimg must be positive, got {}", kimg));
    check(tick_kimg > 0, fmt::format("tick_kimg must be positive, got {}", tick_kimg));
    check(snapshot_ticks >= 1, fmt::format("snapshot_ticks must be at least 1, got {}", snapshot_ticks));
}

}  // namespace lk::gan
