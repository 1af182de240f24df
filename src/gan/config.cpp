#include "gan/config.h"

#include "core/error.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <set>

namespace lk::gan {
namespace {

using nlohmann::json;

void check_keys(const json& object, const char* where, const std::set<std::string>& known) {
    if (!object.is_object())
        fail(LK_ERR_FORMAT, "generator config: {} must be a JSON object, got {}", where,
             object.dump());
    for (const auto& item : object.items())
        if (!known.count(item.key()))
            fail(LK_ERR_FORMAT, "generator config: unknown key \"{}\" in {}",
                 printable(item.key()), where);
}

int64_t integer(const json& object, const char* key, int64_t fallback, int64_t minimum) {
    if (!object.contains(key)) return fallback;
    const json& value = object.at(key);
    if (!value.is_number_integer())
        fail(LK_ERR_FORMAT, "generator config: \"{}\" must be an integer, got {}", key,
             value.dump());
    const int64_t result = value.get<int64_t>();
    if (result < minimum)
        fail(LK_ERR_FORMAT, "generator config: \"{}\" must be at least {}, got {}", key, minimum,
             result);
    return result;
}

// Integers where null means "same as w_dim" (resolved by the caller).
std::optional<int64_t> optional_integer(const json& object, const char* key) {
    if (!object.contains(key) || object.at(key).is_null()) return std::nullopt;
    return integer(object, key, 0, 1);
}

std::optional<double> optional_number(const json& object, const char* key) {
    if (!object.contains(key) || object.at(key).is_null()) return std::nullopt;
    const json& value = object.at(key);
    if (!value.is_number())
        fail(LK_ERR_FORMAT, "generator config: \"{}\" must be a number or null, got {}", key,
             value.dump());
    return value.get<double>();
}

void require_string(const json& object, const char* key, const char* supported) {
    if (!object.contains(key)) return;
    const json& value = object.at(key);
    if (!value.is_string() || value.get<std::string>() != supported)
        fail(LK_ERR_FORMAT, "generator config: \"{}\" must be \"{}\" (the only one supported), got {}",
             key, supported, value.dump());
}

MappingConfig parse_mapping(const json& object, int64_t c_dim, int64_t w_dim) {
    check_keys(object, "mapping_kwargs",
               {"num_layers", "embed_features", "layer_features", "activation", "lr_multiplier",
                "w_avg_beta"});
    MappingConfig mapping;
    mapping.num_layers = integer(object, "num_layers", 8, 1);
    mapping.embed_features = c_dim == 0 ? 0 : optional_integer(object, "embed_features").value_or(w_dim);
    mapping.layer_features = optional_integer(object, "layer_features").value_or(w_dim);
    require_string(object, "activation", "lrelu");
    const auto lr = optional_number(object, "lr_multiplier");
    if (object.contains("lr_multiplier") && !(lr && *lr > 0))
        fail(LK_ERR_FORMAT, "generator config: \"lr_multiplier\" must be a positive number, got {}",
             object.at("lr_multiplier").dump());
    mapping.lr_multiplier = lr.value_or(0.01);
    mapping.has_w_avg = !(object.contains("w_avg_beta") && object.at("w_avg_beta").is_null());
    return mapping;
}

SynthesisConfig parse_synthesis(const json& object) {
    // fp16_channels_last only picks a memory layout, which float32 inference does not use.
    check_keys(object, "synthesis_kwargs",
               {"channel_base", "channel_max", "num_fp16_res", "conv_clamp", "architecture",
                "resample_filter", "use_noise", "activation", "fp16_channels_last"});
    SynthesisConfig synthesis;
    synthesis.channel_base = integer(object, "channel_base", 32768, 1);
    synthesis.channel_max = integer(object, "channel_max", 512, 1);
    synthesis.num_fp16_res = integer(object, "num_fp16_res", 0, 0);
    synthesis.conv_clamp = optional_number(object, "conv_clamp");
    if (synthesis.conv_clamp && !(*synthesis.conv_clamp >= 0))
        fail(LK_ERR_FORMAT, "generator config: \"conv_clamp\" must be null or at least 0, got {}",
             *synthesis.conv_clamp);
    require_string(object, "architecture", "skip");
    require_string(object, "activation", "lrelu");
    if (object.contains("use_noise")) {
        if (!object.at("use_noise").is_boolean())
            fail(LK_ERR_FORMAT, "generator config: \"use_noise\" must be true or false, got {}",
                 object.at("use_noise").dump());
        synthesis.use_noise = object.at("use_noise").get<bool>();
    }
    if (object.contains("resample_filter")) {
        const json& taps = object.at("resample_filter");
        bool valid = taps.is_array() && !taps.empty();
        for (const json& tap : taps) valid = valid && tap.is_number();
        if (!valid)
            fail(LK_ERR_FORMAT,
                 "generator config: \"resample_filter\" must be a non-empty list of numbers, got {}",
                 taps.dump());
        synthesis.resample_filter = taps.get<std::vector<double>>();
    }
    return synthesis;
}

void add_linear(std::vector<TensorSpec>& specs, const std::string& prefix, int64_t in,
                int64_t out) {
    specs.push_back({prefix + ".weight", {out, in}});
    specs.push_back({prefix + ".bias", {out}});
}

}  // namespace

GeneratorConfig GeneratorConfig::parse(const std::string& text) {
    json root;
    try {
        root = json::parse(text);
    } catch (const json::exception& e) {
        fail(LK_ERR_FORMAT, "generator config is not valid JSON: {}", e.what());
    }
    check_keys(root, "the generator config",
               {"z_dim", "c_dim", "w_dim", "img_resolution", "img_channels", "mapping_kwargs",
                "synthesis_kwargs"});
    for (const char* key : {"z_dim", "c_dim", "w_dim", "img_resolution", "img_channels"})
        if (!root.contains(key))
            fail(LK_ERR_FORMAT, "generator config lacks \"{}\", which has no default", key);
    GeneratorConfig config;
    config.z_dim = integer(root, "z_dim", 0, 0);
    config.c_dim = integer(root, "c_dim", 0, 0);
    config.w_dim = integer(root, "w_dim", 0, 1);
    config.img_resolution = integer(root, "img_resolution", 0, 4);
    config.img_channels = integer(root, "img_channels", 0, 1);
    if (config.z_dim + config.c_dim == 0)
        fail(LK_ERR_FORMAT, "generator config: z_dim and c_dim are both 0, leaving no input");
    if (config.img_resolution & (config.img_resolution - 1))
        fail(LK_ERR_FORMAT,
             "generator config: \"img_resolution\" must be a power of two of at least 4, got {}",
             config.img_resolution);
    config.mapping = parse_mapping(root.value("mapping_kwargs", json::object()), config.c_dim,
                                   config.w_dim);
    config.synthesis = parse_synthesis(root.value("synthesis_kwargs", json::object()));
    for (int64_t res : config.block_resolutions())
        if (config.channels(res) < 1)
            fail(LK_ERR_FORMAT,
                 "generator config: channel_base {} leaves no channels at resolution {}",
                 config.synthesis.channel_base, res);
    return config;
}

std::vector<int64_t> GeneratorConfig::block_resolutions() const {
    std::vector<int64_t> resolutions;
    for (int64_t res = 4; res <= img_resolution; res *= 2) resolutions.push_back(res);
    return resolutions;
}

int64_t GeneratorConfig::channels(int64_t resolution) const {
    return std::min(synthesis.channel_base / resolution, synthesis.channel_max);
}

int64_t GeneratorConfig::num_ws() const {
    return 2 * int64_t(block_resolutions().size());
}

std::vector<TensorSpec> GeneratorConfig::tensors() const {
    std::vector<TensorSpec> specs;
    const int64_t taps = int64_t(synthesis.resample_filter.size());
    // NVIDIA keeps filters of 8 taps or more separable (1-D), shorter ones as their 2-D outer
    // product.
    const std::vector<int64_t> filter_shape =
        taps >= 8 ? std::vector<int64_t>{taps} : std::vector<int64_t>{taps, taps};
    // Parameters, then buffers, then the affine submodule: the order state_dict() lists them.
    const auto add_conv = [&](const std::string& prefix, int64_t in, int64_t out, int64_t res,
                              const std::vector<int64_t>& filter) {
        specs.push_back({prefix + ".weight", {out, in, 3, 3}});
        if (synthesis.use_noise) specs.push_back({prefix + ".noise_strength", {}});
        specs.push_back({prefix + ".bias", {out}});
        specs.push_back({prefix + ".resample_filter", filter});
        if (synthesis.use_noise) specs.push_back({prefix + ".noise_const", {res, res}});
        add_linear(specs, prefix + ".affine", w_dim, in);
    };
    const auto add_torgb = [&](const std::string& prefix, int64_t in) {
        specs.push_back({prefix + ".weight", {img_channels, in, 1, 1}});
        specs.push_back({prefix + ".bias", {img_channels}});
        add_linear(specs, prefix + ".affine", w_dim, in);
    };
    for (int64_t res : block_resolutions()) {
        const std::string block = "synthesis.b" + std::to_string(res);
        const int64_t out = channels(res);
        if (res == 4) specs.push_back({block + ".const", {out, 4, 4}});
        specs.push_back({block + ".resample_filter", filter_shape});
        if (res > 4) add_conv(block + ".conv0", channels(res / 2), out, res, filter_shape);
        // NVIDIA's blocks hand the configured filter to conv0 only; conv1, which never
        // resamples, keeps the default 4-tap filter whatever the config says.
        add_conv(block + ".conv1", out, out, res, {4, 4});
        add_torgb(block + ".torgb", out);
    }
    if (mapping.has_w_avg) specs.push_back({"mapping.w_avg", {w_dim}});
    if (c_dim > 0) add_linear(specs, "mapping.embed", c_dim, mapping.embed_features);
    for (int64_t i = 0; i < mapping.num_layers; ++i) {
        const int64_t in = i == 0 ? z_dim + mapping.embed_features : mapping.layer_features;
        const int64_t out = i == mapping.num_layers - 1 ? w_dim : mapping.layer_features;
        add_linear(specs, "mapping.fc" + std::to_string(i), in, out);
    }
    return specs;
}

}  // namespace lk::gan
