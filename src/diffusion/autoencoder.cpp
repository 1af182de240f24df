#include "diffusion/autoencoder.h"

#include "core/error.h"
#include "diffusion/diffusers_config.h"
#include "diffusion/layers.h"

#include <ATen/TensorOperators.h>
#include <ATen/ops/clamp.h>
#include <ATen/ops/exp.h>
#include <ATen/ops/randn.h>

#include <nlohmann/json.hpp>

namespace lk::diffusion {
namespace {

constexpr const char* kModel = "Autoencoder";
constexpr const char* kDownBlock = "DownEncoderBlock2D";
constexpr const char* kUpBlock = "UpDecoderBlock2D";
// The encoder's and decoder's norms all use this epsilon, whatever the config.
constexpr double kEps = 1e-6;

int64_t blocks(const AutoencoderConfig& c) {
    return static_cast<int64_t>(c.block_out_channels.size());
}

std::string layer(const std::string& prefix, int64_t i) { return prefix + "." + std::to_string(i); }

// UNetMidBlock2D without a time embedding: resnet, single-head self-attention, resnet.
void mid_block_specs(TensorSpecs& s, const std::string& p, int64_t channels) {
    s.resnet(p + ".resnets.0", channels, channels, 0);
    s.norm(p + ".attentions.0.group_norm", channels);
    s.attention(p + ".attentions.0", channels, channels, channels, true);
    s.resnet(p + ".resnets.1", channels, channels, 0);
}

at::Tensor mid_block(at::Tensor h, const Weights& w, const std::string& p, int64_t groups) {
    h = resnet_block(h, {}, w, p + ".resnets.0", groups, kEps);
    h = spatial_self_attention(h, w, p + ".attentions.0", groups, kEps);
    return resnet_block(h, {}, w, p + ".resnets.1", groups, kEps);
}

// In the order AutoencoderKL creates its modules: encoder, decoder, quant_conv, post_quant_conv.
std::vector<TensorSpec> autoencoder_specs(const AutoencoderConfig& c) {
    TensorSpecs s;
    const auto& ch = c.block_out_channels;
    s.conv("encoder.conv_in", c.in_channels, ch[0], 3);
    int64_t out = ch[0];
    for (int64_t i = 0; i < blocks(c); ++i) {
        const int64_t in = out;
        out = ch[i];
        const std::string p = layer("encoder.down_blocks", i);
        for (int64_t j = 0; j < c.layers_per_block; ++j)
            s.resnet(layer(p + ".resnets", j), j == 0 ? in : out, out, 0);
        if (i + 1 < blocks(c)) s.conv(p + ".downsamplers.0.conv", out, out, 3);
    }
    mid_block_specs(s, "encoder.mid_block", ch.back());
    s.norm("encoder.conv_norm_out", ch.back());
    s.conv("encoder.conv_out", ch.back(), 2 * c.latent_channels, 3);

    s.conv("decoder.conv_in", c.latent_channels, ch.back(), 3);
    mid_block_specs(s, "decoder.mid_block", ch.back());
    out = ch.back();
    for (int64_t i = 0; i < blocks(c); ++i) {
        const int64_t in = out;
        out = ch[blocks(c) - 1 - i];
        const std::string p = layer("decoder.up_blocks", i);
        for (int64_t j = 0; j <= c.layers_per_block; ++j)
            s.resnet(layer(p + ".resnets", j), j == 0 ? in : out, out, 0);
        if (i + 1 < blocks(c)) s.conv(p + ".upsamplers.0.conv", out, out, 3);
    }
    s.norm("decoder.conv_norm_out", ch[0]);
    s.conv("decoder.conv_out", ch[0], c.out_channels, 3);

    s.conv("quant_conv", 2 * c.latent_channels, 2 * c.latent_channels, 1);
    s.conv("post_quant_conv", c.latent_channels, c.latent_channels, 1);
    return s.all();
}

void check_config(const AutoencoderConfig& c, const std::string& name) {
    if (c.block_out_channels.empty() || blocks(c) > 8)
        fail(LK_ERR_FORMAT, "{}: block_out_channels must hold 1 to 8 entries, got {}", name,
             blocks(c));
    if (c.in_channels < 1 || c.out_channels < 1 || c.latent_channels < 1 ||
        c.layers_per_block < 1 || c.norm_num_groups < 1)
        fail(LK_ERR_FORMAT, "{}: channel, layer and group counts must be at least 1", name);
    for (int64_t channels : c.block_out_channels)
        if (channels < 1 || channels % c.norm_num_groups != 0)
            fail(LK_ERR_FORMAT,
                 "{}: block_out_channels must be positive multiples of norm_num_groups ({}), got {}",
                 name, c.norm_num_groups, channels);
    if (!(c.scaling_factor > 0))
        fail(LK_ERR_FORMAT, "{}: scaling_factor must be positive, got {}", name, c.scaling_factor);
}

at::Tensor checked_images(const at::Tensor& x, int64_t channels, int64_t multiple,
                          const char* what) {
    if (!x.defined() || x.dim() != 4 || x.size(0) < 1 || x.size(1) != channels ||
        x.size(2) < 1 || x.size(3) < 1 || x.size(2) % multiple != 0 || x.size(3) % multiple != 0)
        fail(LK_ERR_INVALID_ARGUMENT,
             "Autoencoder: {} must be (N, {}, H, W) with H and W positive multiples of {}, got {}",
             what, channels, multiple, x.defined() ? c10::str(x.sizes()) : "none");
    return x;
}

}  // namespace

AutoencoderConfig AutoencoderConfig::from_json(const std::string& text, const std::string& name) {
    DiffusersConfig json(text, name);
    AutoencoderConfig c;
    json.require("_class_name", {"AutoencoderKL"});
    c.in_channels = json.integer("in_channels", c.in_channels, 1);
    c.out_channels = json.integer("out_channels", c.out_channels, 1);
    c.latent_channels = json.integer("latent_channels", c.latent_channels, 1);
    // diffusers' own default is a single 64-channel block.
    c.block_out_channels = json.integers("block_out_channels", {64}, 1);
    c.layers_per_block = json.integer("layers_per_block", 1, 1);
    c.norm_num_groups = json.integer("norm_num_groups", c.norm_num_groups, 1);
    c.sample_size = json.integer("sample_size", 32, 1);
    c.scaling_factor = json.number("scaling_factor", c.scaling_factor);
    for (const auto& [key, type] : {std::pair{"down_block_types", kDownBlock},
                                    std::pair{"up_block_types", kUpBlock}}) {
        const std::vector<std::string> expected(c.block_out_channels.size(), type);
        if (json.strings(key, expected) != expected)
            fail(LK_ERR_FORMAT, "{}: \"{}\" must be {} once per block (the only kind supported)",
                 printable(name), key, type);
    }
    json.require("act_fn", {"silu"});
    json.require("use_quant_conv", {true});
    json.require("use_post_quant_conv", {true});
    json.require("mid_block_add_attention", {true});
    for (const char* absent : {"shift_factor", "latents_mean", "latents_std"})
        json.require(absent, {nullptr});
    // Whether a float16 pipeline should decode in float32 is the pipeline's choice.
    json.ignore({"force_upcast"});
    json.finish();
    check_config(c, printable(name));
    return c;
}

std::string AutoencoderConfig::to_json() const {
    return nlohmann::json{
        {"_class_name", "AutoencoderKL"},
        {"in_channels", in_channels},
        {"out_channels", out_channels},
        {"latent_channels", latent_channels},
        {"block_out_channels", block_out_channels},
        {"down_block_types", std::vector<std::string>(block_out_channels.size(), kDownBlock)},
        {"up_block_types", std::vector<std::string>(block_out_channels.size(), kUpBlock)},
        {"layers_per_block", layers_per_block},
        {"norm_num_groups", norm_num_groups},
        {"sample_size", sample_size},
        {"scaling_factor", scaling_factor},
        {"act_fn", "silu"},
    }.dump(2);
}

at::Tensor LatentDistribution::sample(std::optional<at::Generator> generator) const {
    // diffusers' randn_tensor draws on the generator's device, then moves the noise.
    const c10::Device device = generator ? generator->device() : mean.device();
    const at::Tensor noise =
        at::randn(mean.sizes(), generator, mean.options().device(device)).to(mean.device());
    return mean + at::exp(logvar * 0.5) * noise;
}

Autoencoder::Autoencoder(AutoencoderConfig config, Weights weights, const Placement& placement)
    : config_(std::move(config)), placement_(placement) {
    check_config(config_, "autoencoder config");
    weights_ = checked_weights(std::move(weights), autoencoder_specs(config_), placement_, kModel);
}

Autoencoder Autoencoder::initialized(AutoencoderConfig config, at::Generator generator,
                                     const Placement& placement) {
    check_config(config, "autoencoder config");
    check_placement(placement, kModel);
    Weights weights = initial_weights(autoencoder_specs(config), generator, placement);
    return Autoencoder(std::move(config), std::move(weights), placement);
}

LatentDistribution Autoencoder::encode(const at::Tensor& images) const {
    const AutoencoderConfig& c = config_;
    const Weights& w = weights_;
    const int64_t groups = c.norm_num_groups;
    at::Tensor h = conv2d(
        checked_images(images, c.in_channels, c.downscale(), "images")
            .to(placement_.device, placement_.dtype),
        w, "encoder.conv_in");
    for (int64_t i = 0; i < blocks(c); ++i) {
        const std::string p = layer("encoder.down_blocks", i);
        for (int64_t j = 0; j < c.layers_per_block; ++j)
            h = resnet_block(h, {}, w, layer(p + ".resnets", j), groups, kEps);
        if (i + 1 < blocks(c)) h = downsample(h, w, p + ".downsamplers.0", true);
    }
    h = mid_block(h, w, "encoder.mid_block", groups);
    h = group_norm(h, w, "encoder.conv_norm_out", groups, kEps, true);
    h = conv2d(conv2d(h, w, "encoder.conv_out"), w, "quant_conv");
    const auto halves = h.chunk(2, 1);
    return {halves[0], at::clamp(halves[1], -30.0, 20.0)};
}

at::Tensor Autoencoder::decode(const at::Tensor& latents) const {
    const AutoencoderConfig& c = config_;
    const Weights& w = weights_;
    const int64_t groups = c.norm_num_groups;
    const at::Tensor z = checked_images(latents, c.latent_channels, 1, "latents")
                             .to(placement_.device, placement_.dtype);
    at::Tensor h = conv2d(conv2d(z, w, "post_quant_conv"), w, "decoder.conv_in");
    h = mid_block(h, w, "decoder.mid_block", groups);
    for (int64_t i = 0; i < blocks(c); ++i) {
        const std::string p = layer("decoder.up_blocks", i);
        for (int64_t j = 0; j <= c.layers_per_block; ++j)
            h = resnet_block(h, {}, w, layer(p + ".resnets", j), groups, kEps);
        if (i + 1 < blocks(c)) h = upsample(h, w, p + ".upsamplers.0");
    }
    h = group_norm(h, w, "decoder.conv_norm_out", groups, kEps, true);
    return conv2d(h, w, "decoder.conv_out");
}

}  // namespace lk::diffusion
