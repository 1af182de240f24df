// A StyleGAN2 generator's and discriminator's hyperparameters, as NVIDIA's stylegan2-ada-pytorch Generator takes
// them (its init kwargs, stored as JSON under "likeness.config" in the model file), and the
// tensors a generator with those hyperparameters must hold.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace lk::gan {

struct MappingConfig {
    int64_t num_layers = 8;
    int64_t embed_features = 0;  // resolved: 0 without a label, else w_dim unless given
    int64_t layer_features = 0;  // resolved: w_dim unless given
    double lr_multiplier = 0.01;
    bool has_w_avg = true;  // false when w_avg_beta is null: no average, so no truncation
};

struct SynthesisConfig {
    int64_t channel_base = 32768;
    int64_t channel_max = 512;
    int64_t num_fp16_res = 0;  // parsed and checked; inference runs in float32 throughout
    std::optional<double> conv_clamp;
    bool use_noise = true;
    std::vector<double> resample_filter{1, 3, 3, 1};
};

struct TensorSpec {
    std::string name;
    std::vector<int64_t> shape;
};

struct GeneratorConfig {
    int64_t z_dim = 0;
    int64_t c_dim = 0;
    int64_t w_dim = 0;
    int64_t img_resolution = 0;
    int64_t img_channels = 0;
    MappingConfig mapping;
    SynthesisConfig synthesis;

    // Keys left out take NVIDIA's defaults. LK_ERR_FORMAT with a sentence naming the key for
    // malformed JSON, an unknown key, a value of the wrong type, or a value out of range or
    // unsupported (an architecture other than "skip", an activation other than "lrelu").
    static GeneratorConfig parse(const std::string& json);

    // 4, 8, ..., img_resolution: one synthesis block each.
    std::vector<int64_t> block_resolutions() const;
    int64_t channels(int64_t resolution) const;
    // Two per block (one for the 4x4 block) plus one for the last block's toRGB.
    int64_t num_ws() const;
    // Every tensor of NVIDIA's Generator.state_dict() for this config, in its order.
    std::vector<TensorSpec> tensors() const;
};

// NVIDIA's Discriminator init kwargs ("resnet" architecture, minibatch standard deviation, label
// projection), stored as JSON under "likeness.discriminator_config".
struct DiscriminatorConfig {
    int64_t c_dim = 0;
    int64_t img_resolution = 0;
    int64_t img_channels = 0;
    int64_t channel_base = 32768;
    int64_t channel_max = 512;
    int64_t num_fp16_res = 0;
    std::optional<double> conv_clamp;
    int64_t cmap_dim = 0;  // resolved: 0 without labels, else channels(4) unless given
    std::vector<double> resample_filter{1, 3, 3, 1};
    std::optional<int64_t> mbstd_group_size = 4;  // nullopt: the whole minibatch
    int64_t mbstd_num_channels = 1;
    MappingConfig mapping;  // the label mapping, when c_dim > 0

    // As GeneratorConfig::parse, naming the discriminator in its errors.
    static DiscriminatorConfig parse(const std::string& json);

    // img_resolution, ..., 8: one block each, before the 4x4 epilogue.
    std::vector<int64_t> block_resolutions() const;
    int64_t channels(int64_t resolution) const;
    // Every tensor of NVIDIA's Discriminator.state_dict() for this config, in its order.
    std::vector<TensorSpec> tensors() const;
};

}  // namespace lk::gan
