// What a training run is asked to do. The defaults are NVIDIA's "auto" configuration for a
// single device (stylegan2-ada-pytorch train.py --cfg=auto), which scales with the resolution
// and the batch; fields marked "auto" are resolved by resolve().
#pragma once

#include <cstdint>
#include <optional>
#include <string>

namespace lk::gan {

struct TrainingOptions {
    // Data (data/dataset.h): a folder of images, "fashion-mnist[:train|:test]", or an idx file.
    std::string data;
    std::string out_dir;        // snapshots, sample grids, log.jsonl, training-state.safetensors
    int64_t resolution = 0;     // a power of two; required
    int64_t channels = 3;       // 1 or 3
    bool conditional = false;   // condition on the dataset's class labels
    bool mirror = false;        // also show the discriminator x-flipped reals

    // Networks
    int64_t z_dim = 512, w_dim = 512;
    int64_t mapping_layers = 2;
    int64_t channel_base = 0;   // auto: 32768 from 512x512 up, 16384 below
    int64_t channel_max = 512;
    int64_t mbstd_group = 4;

    // Optimization
    int64_t batch = 0;            // auto: min(4096 / resolution, 32), at least 1
    double lr = 0;                // auto: 0.002 at 1024 and above, 0.0025 below
    double gamma = -1;            // R1 weight; auto (-1): 0.0002 * resolution^2 / batch
    double pl_weight = 0;         // path-length regularization weight (NVIDIA's paper configs: 2)
    double style_mixing = 0.9;    // probability of mixing two latents per minibatch
    double ema_kimg = -1;         // G_ema half-life in thousands of images; auto: batch * 10 / 32
    double ema_rampup = 0.05;     // the half-life is at most this fraction of the images seen; 0: off
    int64_t r1_interval = 16, pl_interval = 4;

    // Augmentation: "ada" (adaptive p), "fixed" (p = augment_p), "none"
    std::string augment = "ada";
    double augment_p = 0;
    double ada_target = 0.6;
    double ada_kimg = 500;

    // Length and bookkeeping
    double kimg = 25000;          // stop after this many thousand real images
    double tick_kimg = 4;         // progress, log line and interrupt check granularity
    int64_t snapshot_ticks = 50;  // snapshot and sample grid every this many ticks (and at the end)
    uint64_t seed = 0;
    std::string resume;           // a training-state.safetensors to continue from

    // Fills the auto fields; LK_ERR_INVALID_ARGUMENT naming the first option out of range.
    void resolve();
};

}  // namespace lk::gan
