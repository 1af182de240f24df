// Likeness's GAN model files: safetensors holding a network's state_dict() under NVIDIA's names,
// with metadata "likeness.format" (what the file holds) and the network's init kwargs as JSON.
//   "stylegan2-generator"      the generator's tensors, config under "likeness.config"; a
//                              discriminator may ride along under "D." with its config under
//                              "likeness.discriminator_config"
//   "stylegan2-discriminator"  the discriminator's tensors, config under "likeness.config"
//   "stylegan2-training-state" see training/state.h
#pragma once

#include "gan/config.h"
#include "gan/weights.h"
#include "io/safetensors.h"

#include <c10/core/Device.h>

#include <string>
#include <vector>

namespace lk::gan {

inline constexpr const char* kFormatKey = "likeness.format";
inline constexpr const char* kConfigKey = "likeness.config";
inline constexpr const char* kDiscriminatorConfigKey = "likeness.discriminator_config";
inline constexpr const char* kGeneratorFormat = "stylegan2-generator";
inline constexpr const char* kDiscriminatorFormat = "stylegan2-discriminator";

// The metadata value under `key`; LK_ERR_FORMAT naming the file and the key when absent.
const std::string& metadata_entry(const io::SafetensorsFile& file, const char* key);

// The tensors that `specs` names, each stored as prefix + name, checked and converted to float32
// on `device`, by their names without the prefix. LK_ERR_FORMAT naming the first tensor that is
// missing, mis-shaped or not float, or one under `prefix` that the specs do not name (other than
// those under `ignored`, when given).
Weights read_weights(const io::SafetensorsFile& file, const std::vector<TensorSpec>& specs,
                     const std::string& prefix, const std::string& ignored, c10::Device device);

// Writes a generator file: `weights` (every tensor of config.tensors()) and config_json (the
// JSON `config` was parsed from), with `source` saying where they came from. Written whole under
// a temporary name and renamed.
void write_generator(const std::string& path, const GeneratorConfig& config,
                     const std::string& config_json, const Weights& weights,
                     const std::string& source);

}  // namespace lk::gan
