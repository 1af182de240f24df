// The training state file: everything a run needs to continue where it stopped. A safetensors
// file with the tensors of G, G_ema and D under "G.", "G_ema." and "D." (NVIDIA's names after
// the prefix), the optimizers' moments under "G_opt." and "D_opt.", and metadata:
// "likeness.format": "stylegan2-training-state", the two networks' configs as JSON
// ("likeness.config", "likeness.discriminator_config") and the counters ("likeness.progress").
#pragma once

#include "gan/weights.h"

#include <cstdint>
#include <string>

namespace lk::gan {

struct TrainingState {
    std::string g_config, d_config;  // JSON, as in generator and discriminator files
    Weights g, g_ema, d, g_optimizer, d_optimizer;
    int64_t g_steps = 0, d_steps = 0;
    int64_t iteration = 0, nimg = 0;
    double augment_p = 0, pl_mean = 0;
};

// Written whole under a temporary name and renamed: the previous state survives any failure.
void write_training_state(const std::string& path, const TrainingState& state);

// Reads the state at `path` into `state`, whose tensors must already exist with the shapes that
// its configs imply (a fresh run's): their values are overwritten in place, so every object
// sharing them sees the resumed ones. LK_ERR_FORMAT when the file is not a training state, when
// it was trained with other configs (naming the first differing setting and both values), or
// when a tensor is missing or mis-shaped; `state` is then unchanged only if the configs differ.
void read_training_state(const std::string& path, TrainingState& state);

}  // namespace lk::gan
