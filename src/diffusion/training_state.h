// The diffusion trainer's state file: a safetensors file with groups of named tensors under
// their prefixes ("unet.", "unet_ema.", "vae_opt.", ...) and metadata "likeness.format", the
// networks' configs as JSON ("likeness.config") and the counters ("likeness.progress").
#pragma once

#include "io/safetensors.h"

#include <ATen/core/Tensor.h>

#include <map>
#include <string>
#include <utility>
#include <vector>

namespace lk::diffusion {

struct StateFile {
    std::string format;    // what the file is, e.g. "diffusion-training-state"
    std::string config;    // JSON: what a resume must match
    std::string progress;  // JSON: the counters
    // {prefix, tensors}: the tensors, stored as prefix + name.
    std::vector<std::pair<std::string, std::map<std::string, at::Tensor>*>> groups;
};

// Written whole under a temporary name and renamed: the previous state survives any failure.
void write_state_file(const std::string& path, const StateFile& state);

// Reads `path` into the existing tensors of state.groups (in place, so that every object sharing
// them sees the values) and state.progress. LK_ERR_FORMAT when the file is not of state.format,
// when its config differs from state.config (naming the first differing setting), or when a
// tensor is missing or mis-shaped. Returns the file, for tensors outside the groups.
io::SafetensorsFile read_state_file(const std::string& path, StateFile& state);

}  // namespace lk::diffusion
