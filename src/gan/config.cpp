#include "gan/config.h"

#include "core/error.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <set>

namespace lk::gan {
namespace {

using nlohmann::json;

// Each reader names the config it reads ("generator", "discriminator") in its errors.

void check_keys(const char* kind, const json& object, const char* where,
                const std::set<std::string>& known) {
    if (!object.is_object())
        fail(LK_ERR_FORMAT, "{} config: {} must be a JSON object, got {}", kind, where,
             object.dump());
    for (const auto& item : object.items())
        if (!known.count(item.key()))
            fail(LK_ERR_FORMAT, "{} config: unknown key \"{}\" in {}", kind,
                 printable(item.key()), where);
}

int64_t integer(const char* kind, const json& object, const char* key, int64_t fallback,
                int64_t minimum) {
    if (!object.contains(key)) return fallback;
    const json& value = object.at(key);
    if (!value.is_number_integer())
        fail(LK_ERR_FORMAT, "{} config: \"{}\" must be an integer, got {}", kind, key,
             value.dump());
    const int64_t result = value.get<int64_t>();
    if (result < minimum)
        fail(LK_ERR_FORMAT, "{} config: \"{}\" must be at least {}, got {}", kind, key, minimum,
             result);
    return result;
}

// Integers where null means "the default" (resolved by the caller).
std::optional<int64_t> optional_integer(const char* kind, const json& object, const char* key) {
    if (!object.contains(key) || object.at(key).is_null()) return std::nullopt;
    return integer(kind, object, key, 0, 1);
}

std::optional<double> optional_number(const char* kind, const json& object, const char* key) {
    if (!object.contains(key) || object.at(key).is_null()) return std::nullopt;
    const json& value = object.at(key);
    if (!value.is_number())
        fail(LK_ERR_FORMAT, "{} config: \"{}\" must be a number or null, got {}", kind, key,
             value.dump());
    return value.get<double>();
}

void require_string(const char* kind, const json& object, const char* key,
                    const char* supported) {
    if (!object.contains(key)) return;
    const json& value = object.at(key);
    if (!value.is_string() || value.get<std::string>() != supported)
        fail(LK_ERR_FORMAT, "{} config: \"{}\" must be \"{}\" (the only one supported), got {}",
             kind, key, supported, value.dump());
}

std::optional<double> parse_clamp(const char* kind, const json& object) {
    const auto clamp = optional_number(kind, object, "conv_clamp");
    if (clamp && !(*clamp >= 0))
        fail(LK_ERR_FORMAT, "{} config: \"conv_clamp\" must be null or at least 0, got {}", kind,
             *clamp);
    return clamp;
}

std::vector<double> parse_filter(const char* kind, const json& object) {
    if (!object.contains("resample_filter")) return {1, 3, 3, 1};
    const json& taps = object.at("resample_filter");
    bool valid = taps.is_array() && !taps.empty();
    for (const json& tap : taps) valid = valid && tap.is_number();
    if (!valid)
        fail(LK_ERR_FORMAT,
             "{} config: \"resample_filter\" must be a non-empty list of numbers, got {}", kind,
             taps.dump());
    return taps.get<std::vector<double>>();
}

// embed_features and layer_features default to w_dim.
MappingConfig parse_mapping(const char* kind, const json& object, int64_t c_dim, int64_t w_dim) {
    check_keys(kind, object, "mapping_kwargs",
               {"num_layers", "embed_features", "layer_features", "activation", "lr_multiplier",
                "w_avg_beta"});
    MappingConfig mapping;
    mapping.num_layers = integer(kind, object, "num_layers", 8, 1);
    mapping.embed_features =
        c_dim == 0 ? 0 : optional_integer(kind, object, "embed_features").value_or(w_dim);
    mapping.layer_features = optional_integer(kind, object, "layer_features").value_or(w_dim);
    require_string(kind, object, "activation", "lrelu");
    const auto lr = optional_number(kind, object, "lr_multiplier");
    if (object.contains("lr_multiplier") && !(lr && *lr > 0))
        fail(LK_ERR_FORMAT, "{} config: \"lr_multiplier\" must be a positive number, got {}",
             kind, object.at("lr_multiplier").dump());
    mapping.lr_multiplier = lr.value_or(0.01);
    mapping.has_w_avg = !(object.contains("w_avg_beta") && object.at("w_avg_beta").is_null());
    return mapping;
}

constexpr const char* generator = "generator";
constexpr const char* discriminator = "discriminator";

SynthesisConfig parse_synthesis(const json& object) {
    // fp16_channels_last only picks a memory layout, which float32 inference does not use.
    check_keys(generator, object, "synthesis_kwargs",
               {"channel_base", "channel_max", "num_fp16_res", "conv_clamp", "architecture",
                "resample_filter", "use_noise", "activation", "fp16_channels_last"});
    SynthesisConfig synthesis;
    synthesis.channel_base = integer(generator, object, "channel_base", 32768, 1);
    synthesis.channel_max = integer(generator, object, "channel_max", 512, 1);
    synthesis.num_fp16_res = integer(generator, object, "num_fp16_res", 0, 0);
    synthesis.conv_clamp = parse_clamp(generator, object);
    require_string(generator, object, "architecture", "skip");
    require_string(generator, object, "activation", "lrelu");
    if (object.contains("use_noise")) {
        if (!object.at("use_noise").is_boolean())
            fail(LK_ERR_FORMAT, "generator config: \"use_noise\" must be true or false, got {}",
                 object.at("use_noise").dump());
        synthesis.use_noise = object.at("use_noise").get<bool>();
    }
    synthesis.resample_filter = parse_filter(generator, object);
    return synthesis;
}

json parse_json(const char* kind, const std::string& text) {
    try {
        return json::parse(text);
    } catch (const json::exception& e) {
        fail(LK_ERR_FORMAT, "{} config is not valid JSON: {}", kind, e.what());
    }
}

void require_keys(const char* kind, const json& root, std::initializer_list<const char*> keys) {
    for (const char* key : keys)
        if (!root.contains(key))
            fail(LK_ERR_FORMAT, "{} config lacks \"{}\", which has no default", kind, key);
}

int64_t parse_resolution(const char* kind, const json& root) {
    const int64_t resolution = integer(kind, root, "img_resolution", 0, 4);
    if (resolution & (resolution - 1))
        fail(LK_ERR_FORMAT,
             "{} config: \"img_resolution\" must be a power of two of at least 4, got {}", kind,
             resolution);
    return resolution;
}

void add_linear(std::vector<TensorSpec>& specs, const std::string& prefix, int64_t in,
                int64_t out) {
    specs.push_back({prefix + ".weight", {out, in}});
    specs.push_back({prefix + ".bias", {out}});
}

// NVIDIA keeps filters of 8 taps or more separable (1-D), shorter ones as their 2-D outer
// product.
std::vector<int64_t> filter_shape(const std::vector<double>& taps) {
    const int64_t n = int64_t(taps.size());
    return n >= 8 ? std::vector<int64_t>{n} : std::vector<int64_t>{n, n};
}

void add_mapping(std::vector<TensorSpec>& specs, const std::string& prefix,
                 const MappingConfig& mapping, int64_t z_dim, int64_t c_dim, int64_t w_dim) {
    if (mapping.has_w_avg) specs.push_back({prefix + ".w_avg", {w_dim}});
    if (c_dim > 0) add_linear(specs, prefix + ".embed", c_dim, mapping.embed_features);
    for (int64_t i = 0; i < mapping.num_layers; ++i) {
        const int64_t in = i == 0 ? z_dim + mapping.embed_features : mapping.layer_features;
        const int64_t out = i == mapping.num_layers - 1 ? w_dim : mapping.layer_features;
        add_linear(specs, prefix + ".fc" + std::to_string(i), in, out);
    }
}

}  // namespace

GeneratorConfig GeneratorConfig::parse(const std::string& text) {
    const json root = parse_json(generator, text);
    check_keys(generator, root, "the generator config",
               {"z_dim", "c_dim", "w_dim", "img_resolution", "img_channels", "mapping_kwargs",
                "synthesis_kwargs"});
    require_keys(generator, root, {"z_dim", "c_dim", "w_dim", "img_resolution", "img_channels"});
    GeneratorConfig config;
    config.z_dim = integer(generator, root, "z_dim", 0, 0);
    config.c_dim = integer(generator, root, "c_dim", 0, 0);
    config.w_dim = integer(generator, root, "w_dim", 0, 1);
    config.img_resolution = parse_resolution(generator, root);
    config.img_channels = integer(generator, root, "img_channels", 0, 1);
    if (config.z_dim + config.c_dim == 0)
        fail(LK_ERR_FORMAT, "generator config: z_dim and c_dim are both 0, leaving no input");
    config.mapping = parse_mapping(generator, root.value("mapping_kwargs", json::object()),
                                   config.c_dim, config.w_dim);
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
    const std::vector<int64_t> filter = filter_shape(synthesis.resample_filter);
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
        specs.push_back({block + ".resample_filter", filter});
        if (res > 4) add_conv(block + ".conv0", channels(res / 2), out, res, filter);
        // NVIDIA's blocks hand the configured filter to conv0 only; conv1, which never
        // resamples, keeps the default 4-tap filter whatever the config says.
        add_conv(block + ".conv1", out, out, res, {4, 4});
        add_torgb(block + ".torgb", out);
    }
    add_mapping(specs, "mapping", mapping, z_dim, c_dim, w_dim);
    return specs;
}

DiscriminatorConfig DiscriminatorConfig::parse(const std::string& text) {
    const json root = parse_json(discriminator, text);
    check_keys(discriminator, root, "the discriminator config",
               {"c_dim", "img_resolution", "img_channels", "architecture", "channel_base",
                "channel_max", "num_fp16_res", "conv_clamp", "cmap_dim", "block_kwargs",
                "mapping_kwargs", "epilogue_kwargs"});
    require_keys(discriminator, root, {"c_dim", "img_resolution", "img_channels"});
    DiscriminatorConfig config;
    config.c_dim = integer(discriminator, root, "c_dim", 0, 0);
    config.img_resolution = parse_resolution(discriminator, root);
    config.img_channels = integer(discriminator, root, "img_channels", 0, 1);
    require_string(discriminator, root, "architecture", "resnet");
    config.channel_base = integer(discriminator, root, "channel_base", 32768, 1);
    config.channel_max = integer(discriminator, root, "channel_max", 512, 1);
    config.num_fp16_res = integer(discriminator, root, "num_fp16_res", 0, 0);
    config.conv_clamp = parse_clamp(discriminator, root);

    // freeze_layers and fp16_channels_last change how D trains and where its tensors live,
    // not what it computes.
    const json block = root.value("block_kwargs", json::object());
    check_keys(discriminator, block, "block_kwargs",
               {"architecture", "activation", "resample_filter", "fp16_channels_last",
                "freeze_layers"});
    require_string(discriminator, block, "architecture", "resnet");
    require_string(discriminator, block, "activation", "lrelu");
    config.resample_filter = parse_filter(discriminator, block);

    const json epilogue = root.value("epilogue_kwargs", json::object());
    check_keys(discriminator, epilogue, "epilogue_kwargs",
               {"mbstd_group_size", "mbstd_num_channels", "activation", "architecture"});
    require_string(discriminator, epilogue, "activation", "lrelu");
    require_string(discriminator, epilogue, "architecture", "resnet");
    config.mbstd_group_size = epilogue.contains("mbstd_group_size")
                                  ? optional_integer(discriminator, epilogue, "mbstd_group_size")
                                  : std::optional<int64_t>(4);
    config.mbstd_num_channels = integer(discriminator, epilogue, "mbstd_num_channels", 1, 0);

    for (int64_t res = 4; res <= config.img_resolution; res *= 2)
        if (config.channels(res) < 1)
            fail(LK_ERR_FORMAT,
                 "discriminator config: channel_base {} leaves no channels at resolution {}",
                 config.channel_base, res);
    if (config.mbstd_num_channels > 0 && config.channels(4) % config.mbstd_num_channels != 0)
        fail(LK_ERR_FORMAT,
             "discriminator config: mbstd_num_channels {} does not divide the {} channels at 4x4",
             config.mbstd_num_channels, config.channels(4));
    config.cmap_dim =
        config.c_dim == 0 ? 0
                          : optional_integer(discriminator, root, "cmap_dim").value_or(config.channels(4));
    config.mapping = parse_mapping(discriminator, root.value("mapping_kwargs", json::object()),
                                   config.c_dim, config.cmap_dim);
    // NVIDIA's discriminator maps labels without tracking an average.
    config.mapping.has_w_avg = false;
    return config;
}

std::vector<int64_t> DiscriminatorConfig::block_resolutions() const {
    std::vector<int64_t> resolutions;
    for (int64_t res = img_resolution; res >= 8; res /= 2) resolutions.push_back(res);
    return resolutions;
}

int64_t DiscriminatorConfig::channels(int64_t resolution) const {
    return std::min(channel_base / resolution, channel_max);
}

std::vector<TensorSpec> DiscriminatorConfig::tensors() const {
    std::vector<TensorSpec> specs;
    const std::vector<int64_t> filter = filter_shape(resample_filter);
    const auto add_conv = [&](const std::string& prefix, int64_t in, int64_t out, int64_t k,
                              bool bias, const std::vector<int64_t>& filter) {
        specs.push_back({prefix + ".weight", {out, in, k, k}});
        if (bias) specs.push_back({prefix + ".bias", {out}});
        specs.push_back({prefix + ".resample_filter", filter});
    };
    for (int64_t res : block_resolutions()) {
        const std::string block = "b" + std::to_string(res);
        const int64_t tmp = channels(res), out = channels(res / 2);
        specs.push_back({block + ".resample_filter", filter});
        if (res == img_resolution) add_conv(block + ".fromrgb", img_channels, tmp, 1, true, {4, 4});
        add_conv(block + ".conv0", tmp, tmp, 3, true, {4, 4});
        add_conv(block + ".conv1", tmp, out, 3, true, filter);
        add_conv(block + ".skip", tmp, out, 1, false, filter);
    }
    if (c_dim > 0) add_mapping(specs, "mapping", mapping, 0, c_dim, cmap_dim);
    const int64_t c4 = channels(4);
    add_conv("b4.conv", c4 + mbstd_num_channels, c4, 3, true, {4, 4});
    add_linear(specs, "b4.fc", c4 * 16, c4);
    add_linear(specs, "b4.out", c4, cmap_dim == 0 ? 1 : cmap_dim);
    return specs;
}

}  // namespace lk::gan
