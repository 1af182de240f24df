#include "diffusion/unet.h"

#include "core/error.h"
#include "diffusion/diffusers_config.h"
#include "diffusion/layers.h"

#include <ATen/TensorOperators.h>
#include <ATen/ops/arange.h>
#include <ATen/ops/cat.h>
#include <ATen/ops/constant_pad_nd.h>
#include <ATen/ops/cos.h>
#include <ATen/ops/exp.h>
#include <ATen/ops/gelu.h>
#include <ATen/ops/log.h>
#include <ATen/ops/silu.h>
#include <ATen/ops/sin.h>
#include <ATen/ops/tensor.h>

#include <nlohmann/json.hpp>

#include <cmath>

namespace lk::diffusion {
namespace {

constexpr const char* kModel = "UNet";
constexpr const char* kCrossDown = "CrossAttnDownBlock2D";
constexpr const char* kPlainDown = "DownBlock2D";
constexpr const char* kCrossUp = "CrossAttnUpBlock2D";
constexpr const char* kPlainUp = "UpBlock2D";
// Transformer2DModel's group norm has its own epsilon, not the config's norm_eps.
constexpr double kTransformerNormEps = 1e-6;
// BasicTransformerBlock's layer norms (norm_eps, which UNet2DConditionModel leaves at default).
constexpr double kLayerNormEps = 1e-5;

int64_t blocks(const UNetConfig& c) { return static_cast<int64_t>(c.block_out_channels.size()); }

int64_t heads(const UNetConfig& c, int64_t block) {
    return c.attention_heads.size() == 1 ? c.attention_heads[0] : c.attention_heads.at(block);
}

int64_t time_channels(const UNetConfig& c) { return c.block_out_channels[0] * 4; }

std::string block_name(const char* kind, int64_t block) {
    return std::string(kind) + "." + std::to_string(block);
}

// Transformer2DModel with its BasicTransformerBlocks (self-attention, cross-attention, GEGLU
// feed-forward), over `channels` channels.
void transformer_specs(TensorSpecs& s, const std::string& p, const UNetConfig& c,
                       int64_t channels) {
    s.norm(p + ".norm", channels);
    if (c.use_linear_projection) s.linear(p + ".proj_in", channels, channels);
    else s.conv(p + ".proj_in", channels, channels, 1);
    for (int64_t i = 0; i < c.transformer_layers_per_block; ++i) {
        const std::string b = p + ".transformer_blocks." + std::to_string(i);
        s.norm(b + ".norm1", channels);
        s.attention(b + ".attn1", channels, channels, channels, false);
        s.norm(b + ".norm2", channels);
        s.attention(b + ".attn2", channels, c.cross_attention_dim, channels, false);
        s.norm(b + ".norm3", channels);
        s.linear(b + ".ff.net.0.proj", channels, channels * 8);
        s.linear(b + ".ff.net.2", channels * 4, channels);
    }
    if (c.use_linear_projection) s.linear(p + ".proj_out", channels, channels);
    else s.conv(p + ".proj_out", channels, channels, 1);
}

at::Tensor transformer(const at::Tensor& x, const at::Tensor& context, const Weights& w,
                       const std::string& p, const UNetConfig& c, int64_t n_heads) {
    const int64_t n = x.size(0), channels = x.size(1), h = x.size(2), wd = x.size(3);
    at::Tensor t = group_norm(x, w, p + ".norm", c.norm_num_groups, kTransformerNormEps, false);
    // (N, C, H, W) <-> (N, H*W, C), the projection on whichever side diffusers puts it.
    const auto to_tokens = [&](const at::Tensor& image) {
        return image.permute({0, 2, 3, 1}).reshape({n, h * wd, channels});
    };
    const auto to_image = [&](const at::Tensor& tokens) {
        return tokens.reshape({n, h, wd, channels}).permute({0, 3, 1, 2}).contiguous();
    };
    t = c.use_linear_projection ? linear(to_tokens(t), w, p + ".proj_in")
                                : to_tokens(conv2d(t, w, p + ".proj_in"));
    for (int64_t i = 0; i < c.transformer_layers_per_block; ++i) {
        const std::string b = p + ".transformer_blocks." + std::to_string(i);
        const at::Tensor n1 = layer_norm(t, w, b + ".norm1", kLayerNormEps);
        t = attention(n1, n1, w, b + ".attn1", n_heads) + t;
        t = attention(layer_norm(t, w, b + ".norm2", kLayerNormEps), context, w, b + ".attn2",
                      n_heads) + t;
        const at::Tensor projected = linear(layer_norm(t, w, b + ".norm3", kLayerNormEps), w,
                                            b + ".ff.net.0.proj");
        const auto halves = projected.chunk(2, -1);
        t = linear(halves[0] * at::gelu(halves[1]), w, b + ".ff.net.2") + t;
    }
    const at::Tensor out = c.use_linear_projection ? to_image(linear(t, w, p + ".proj_out"))
                                                   : conv2d(to_image(t), w, p + ".proj_out");
    return out + x;
}

// In the order UNet2DConditionModel creates its modules.
std::vector<TensorSpec> unet_specs(const UNetConfig& c) {
    TensorSpecs s;
    const auto& ch = c.block_out_channels;
    const int64_t temb = time_channels(c);
    s.conv("conv_in", c.in_channels, ch[0], 3);
    s.linear("time_embedding.linear_1", ch[0], temb);
    if (c.time_cond_proj_dim > 0)
        s.linear("time_embedding.cond_proj", c.time_cond_proj_dim, ch[0], false);
    s.linear("time_embedding.linear_2", temb, temb);
    int64_t out = ch[0];
    for (int64_t i = 0; i < blocks(c); ++i) {
        const int64_t in = out;
        out = ch[i];
        const std::string p = block_name("down_blocks", i);
        for (int64_t j = 0; j < c.layers_per_block; ++j) {
            s.resnet(p + ".resnets." + std::to_string(j), j == 0 ? in : out, out, temb);
            if (c.cross_attention[i])
                transformer_specs(s, p + ".attentions." + std::to_string(j), c, out);
        }
        if (i + 1 < blocks(c)) s.conv(p + ".downsamplers.0.conv", out, out, 3);
    }
    const int64_t deepest = ch.back();
    s.resnet("mid_block.resnets.0", deepest, deepest, temb);
    transformer_specs(s, "mid_block.attentions.0", c, deepest);
    s.resnet("mid_block.resnets.1", deepest, deepest, temb);
    out = deepest;
    for (int64_t i = 0; i < blocks(c); ++i) {
        const int64_t down = blocks(c) - 1 - i;  // the down block this one mirrors
        const int64_t previous = out;
        out = ch[down];
        const int64_t skip_in = ch[std::max<int64_t>(down - 1, 0)];
        const std::string p = block_name("up_blocks", i);
        for (int64_t j = 0; j <= c.layers_per_block; ++j) {
            const int64_t skip = j == c.layers_per_block ? skip_in : out;
            s.resnet(p + ".resnets." + std::to_string(j), (j == 0 ? previous : out) + skip, out, temb);
            if (c.cross_attention[down])
                transformer_specs(s, p + ".attentions." + std::to_string(j), c, out);
        }
        if (down > 0) s.conv(p + ".upsamplers.0.conv", out, out, 3);
    }
    s.norm("conv_norm_out", ch[0]);
    s.conv("conv_out", ch[0], c.out_channels, 3);
    return s.all();
}

// diffusers' get_timestep_embedding, in its order of float32 operations.
at::Tensor timestep_embedding(const at::Tensor& timesteps, const UNetConfig& c) {
    const int64_t half = c.block_out_channels[0] / 2;
    at::Tensor exponent = at::arange(0, half, timesteps.options().dtype(at::kFloat)) *
                          -std::log(10000.0);
    exponent = exponent / static_cast<double>(half - c.freq_shift);
    const at::Tensor args = timesteps.to(at::kFloat).unsqueeze(1) * at::exp(exponent).unsqueeze(0);
    const at::Tensor sin = at::sin(args), cos = at::cos(args);
    return c.flip_sin_to_cos ? at::cat({cos, sin}, -1) : at::cat({sin, cos}, -1);
}

void check_config(const UNetConfig& c, const std::string& name) {
    const auto bad = [&](const char* what, const std::string& value) {
        fail(LK_ERR_FORMAT, "{}: {} (got {})", name, what, value);
    };
    if (c.block_out_channels.empty()) bad("block_out_channels must not be empty", "[]");
    if (c.cross_attention.size() != c.block_out_channels.size())
        bad("there must be one down block type per entry of block_out_channels",
            std::to_string(c.cross_attention.size()));
    if (c.attention_heads.size() != 1 && c.attention_heads.size() != c.block_out_channels.size())
        bad("attention_head_dim must be one number or one per block",
            std::to_string(c.attention_heads.size()));
    if (c.in_channels < 1 || c.out_channels < 1 || c.layers_per_block < 1 ||
        c.cross_attention_dim < 1 || c.transformer_layers_per_block < 1 || c.norm_num_groups < 1)
        bad("channel, layer and group counts must be at least 1", "a count below 1");
    if (c.block_out_channels[0] % 2 != 0)
        bad("block_out_channels[0] must be even (the timestep embedding's sines and cosines)",
            std::to_string(c.block_out_channels[0]));
    for (int64_t i = 0; i < blocks(c); ++i) {
        const int64_t channels = c.block_out_channels[i];
        if (channels < 1 || channels % c.norm_num_groups != 0)
            bad("block_out_channels must be positive multiples of norm_num_groups",
                std::to_string(channels));
        if (heads(c, i) < 1 || channels % heads(c, i) != 0)
            bad("each block's channels must split evenly into its attention heads",
                fmt::format("{} channels, {} heads", channels, heads(c, i)));
    }
}

}  // namespace

UNetConfig UNetConfig::from_json(const std::string& text, const std::string& name) {
    DiffusersConfig json(text, name);
    UNetConfig c;
    json.require("_class_name", {"UNet2DConditionModel"});
    c.in_channels = json.integer("in_channels", c.in_channels, 1);
    c.out_channels = json.integer("out_channels", c.out_channels, 1);
    c.sample_size = json.integer("sample_size", c.sample_size, 1);
    c.block_out_channels = json.integers("block_out_channels", {320, 640, 1280, 1280}, 1);
    const auto down = json.strings("down_block_types", {kCrossDown, kCrossDown, kCrossDown, kPlainDown});
    c.cross_attention.clear();
    for (const std::string& type : down) {
        if (type != kCrossDown && type != kPlainDown)
            fail(LK_ERR_FORMAT, "{}: \"down_block_types\" holds \"{}\"; supported: {}, {}",
                 printable(name), printable(type), kCrossDown, kPlainDown);
        c.cross_attention.push_back(type == kCrossDown);
    }
    std::vector<std::string> mirrored;
    for (auto it = c.cross_attention.rbegin(); it != c.cross_attention.rend(); ++it)
        mirrored.push_back(*it ? kCrossUp : kPlainUp);
    if (json.strings("up_block_types", mirrored) != mirrored)
        fail(LK_ERR_FORMAT, "{}: \"up_block_types\" must mirror down_block_types: {}",
             printable(name), nlohmann::json(mirrored).dump());
    c.layers_per_block = json.integer("layers_per_block", c.layers_per_block, 1);
    // Absent keys take diffusers' defaults, which are not always SD 1.x's (768 here).
    c.cross_attention_dim = json.integer("cross_attention_dim", 1280, 1);
    c.attention_heads = json.integer_or_list("attention_head_dim", {8}, 1);
    c.transformer_layers_per_block =
        json.integer("transformer_layers_per_block", c.transformer_layers_per_block, 1);
    c.use_linear_projection = json.boolean("use_linear_projection", c.use_linear_projection);
    c.norm_num_groups = json.integer("norm_num_groups", c.norm_num_groups, 1);
    c.norm_eps = json.number("norm_eps", c.norm_eps);
    c.flip_sin_to_cos = json.boolean("flip_sin_to_cos", c.flip_sin_to_cos);
    c.freq_shift = json.integer("freq_shift", c.freq_shift, 0);
    c.time_cond_proj_dim = json.integer("time_cond_proj_dim", 0, 1);
    // The SD 1.x values of everything else (null: diffusers' default, the same).
    json.require("mid_block_type", {nullptr, "UNetMidBlock2DCrossAttn"});
    json.require("act_fn", {"silu"});
    json.require("center_input_sample", {false});
    json.require("only_cross_attention", {false});
    json.require("downsample_padding", {1});
    json.require("mid_block_scale_factor", {1});
    json.require("resnet_time_scale_shift", {"default"});
    json.require("resnet_skip_time_act", {false});
    json.require("resnet_out_scale_factor", {1});
    json.require("dual_cross_attention", {false});
    json.require("time_embedding_type", {"positional"});
    json.require("attention_type", {"default"});
    json.require("conv_in_kernel", {3});
    json.require("conv_out_kernel", {3});
    json.require("class_embeddings_concat", {false});
    json.require("mid_block_only_cross_attention", {nullptr, false});
    for (const char* absent :
         {"num_attention_heads", "reverse_transformer_layers_per_block", "encoder_hid_dim",
          "encoder_hid_dim_type", "class_embed_type", "addition_embed_type",
          "addition_time_embed_dim", "num_class_embeds", "time_embedding_dim",
          "time_embedding_act_fn", "timestep_post_act",
          "projection_class_embeddings_input_dim", "cross_attention_norm"})
        json.require(absent, {nullptr});
    // Dropout is off in inference; attention upcasting only matters in float16, where
    // scaled-dot-product attention accumulates in float32 anyway; the head count of the
    // addition embedding is unused without one.
    json.ignore({"dropout", "upcast_attention", "addition_embed_type_num_heads"});
    json.finish();
    check_config(c, printable(name));
    return c;
}

std::string UNetConfig::to_json() const {
    std::vector<std::string> down, up;
    for (bool cross : cross_attention) down.push_back(cross ? kCrossDown : kPlainDown);
    for (auto it = cross_attention.rbegin(); it != cross_attention.rend(); ++it)
        up.push_back(*it ? kCrossUp : kPlainUp);
    nlohmann::json j = {
        {"_class_name", "UNet2DConditionModel"},
        {"in_channels", in_channels},
        {"out_channels", out_channels},
        {"sample_size", sample_size},
        {"block_out_channels", block_out_channels},
        {"down_block_types", down},
        {"mid_block_type", "UNetMidBlock2DCrossAttn"},
        {"up_block_types", up},
        {"layers_per_block", layers_per_block},
        {"cross_attention_dim", cross_attention_dim},
        {"transformer_layers_per_block", transformer_layers_per_block},
        {"use_linear_projection", use_linear_projection},
        {"norm_num_groups", norm_num_groups},
        {"norm_eps", norm_eps},
        {"flip_sin_to_cos", flip_sin_to_cos},
        {"freq_shift", freq_shift},
        {"act_fn", "silu"},
        {"time_cond_proj_dim", time_cond_proj_dim > 0 ? nlohmann::json(time_cond_proj_dim) : nlohmann::json()},
    };
    if (attention_heads.size() == 1) j["attention_head_dim"] = attention_heads[0];
    else j["attention_head_dim"] = attention_heads;
    return j.dump(2);
}

UNet::UNet(UNetConfig config, Weights weights, const Placement& placement)
    : config_(std::move(config)), placement_(placement) {
    check_config(config_, "UNet config");
    weights_ = checked_weights(std::move(weights), unet_specs(config_), placement_, kModel);
}

UNet UNet::initialized(UNetConfig config, at::Generator generator, const Placement& placement) {
    check_config(config, "UNet config");
    check_placement(placement, kModel);
    Weights weights = initial_weights(unet_specs(config), generator, placement);
    return UNet(std::move(config), std::move(weights), placement);
}

at::Tensor UNet::operator()(const at::Tensor& sample, const at::Tensor& timesteps,
                            const at::Tensor& context) const {
    return (*this)(sample, timesteps, context, at::Tensor());
}

at::Tensor UNet::operator()(const at::Tensor& sample, const at::Tensor& timesteps,
                            const at::Tensor& context, const at::Tensor& timestep_cond) const {
    const UNetConfig& c = config_;
    const int64_t factor = int64_t{1} << (blocks(c) - 1);
    if (!sample.defined() || sample.dim() != 4 || sample.size(1) != c.in_channels ||
        sample.size(0) < 1 || sample.size(2) < 1 || sample.size(3) < 1 ||
        sample.size(2) % factor != 0 || sample.size(3) % factor != 0)
        fail(LK_ERR_INVALID_ARGUMENT,
             "UNet: sample must be (N, {}, h, w) with h and w positive multiples of {}, got {}",
             c.in_channels, factor, sample.defined() ? c10::str(sample.sizes()) : "none");
    const int64_t n = sample.size(0);
    if (!timesteps.defined() || (timesteps.numel() != 1 && timesteps.sizes() != at::IntArrayRef{n}))
        fail(LK_ERR_INVALID_ARGUMENT, "UNet: timesteps must be a scalar or ({}), got {}", n,
             timesteps.defined() ? c10::str(timesteps.sizes()) : "none");
    if (!context.defined() || context.dim() != 3 || context.size(0) != n || context.size(1) < 1 ||
        context.size(2) != c.cross_attention_dim)
        fail(LK_ERR_INVALID_ARGUMENT, "UNet: context must be ({}, tokens, {}), got {}", n,
             c.cross_attention_dim, context.defined() ? c10::str(context.sizes()) : "none");

    if (timestep_cond.defined() &&
        (c.time_cond_proj_dim == 0 || timestep_cond.sizes() != at::IntArrayRef{n, c.time_cond_proj_dim}))
        fail(LK_ERR_INVALID_ARGUMENT, "UNet: {}, got {}",
             c.time_cond_proj_dim == 0
                 ? std::string("this model takes no timestep_cond (it is not LCM-distilled)")
                 : fmt::format("timestep_cond must be ({}, {})", n, c.time_cond_proj_dim),
             c10::str(timestep_cond.sizes()));

    const Weights& w = weights_;
    const auto options = at::TensorOptions().device(placement_.device).dtype(placement_.dtype);
    const at::Tensor x = sample.to(options);
    const at::Tensor ctx = context.to(options);
    const at::Tensor t = timesteps.to(placement_.device, at::kFloat).reshape({-1}).expand({n});
    at::Tensor temb = timestep_embedding(t, c).to(placement_.dtype);
    if (timestep_cond.defined())
        temb = temb + linear(timestep_cond.to(options), w, "time_embedding.cond_proj");
    temb = linear(at::silu(linear(temb, w, "time_embedding.linear_1")), w,
                  "time_embedding.linear_2");

    const int64_t groups = c.norm_num_groups;
    at::Tensor h = conv2d(x, w, "conv_in");
    std::vector<at::Tensor> skips{h};
    for (int64_t i = 0; i < blocks(c); ++i) {
        const std::string p = block_name("down_blocks", i);
        for (int64_t j = 0; j < c.layers_per_block; ++j) {
            h = resnet_block(h, temb, w, p + ".resnets." + std::to_string(j), groups, c.norm_eps);
            if (c.cross_attention[i])
                h = transformer(h, ctx, w, p + ".attentions." + std::to_string(j), c, heads(c, i));
            skips.push_back(h);
        }
        if (i + 1 < blocks(c)) {
            h = downsample(h, w, p + ".downsamplers.0", false);
            skips.push_back(h);
        }
    }
    h = resnet_block(h, temb, w, "mid_block.resnets.0", groups, c.norm_eps);
    h = transformer(h, ctx, w, "mid_block.attentions.0", c, heads(c, blocks(c) - 1));
    h = resnet_block(h, temb, w, "mid_block.resnets.1", groups, c.norm_eps);
    for (int64_t i = 0; i < blocks(c); ++i) {
        const int64_t down = blocks(c) - 1 - i;
        const std::string p = block_name("up_blocks", i);
        for (int64_t j = 0; j <= c.layers_per_block; ++j) {
            h = at::cat({h, skips.back()}, 1);
            skips.pop_back();
            h = resnet_block(h, temb, w, p + ".resnets." + std::to_string(j), groups, c.norm_eps);
            if (c.cross_attention[down])
                h = transformer(h, ctx, w, p + ".attentions." + std::to_string(j), c, heads(c, down));
        }
        if (down > 0) h = upsample(h, w, p + ".upsamplers.0");
    }
    h = group_norm(h, w, "conv_norm_out", groups, c.norm_eps, true);
    return conv2d(h, w, "conv_out");
}

at::Tensor guidance_scale_embedding(const at::Tensor& w, int64_t dim) {
    if (!w.defined() || w.dim() != 1 || dim < 4)
        fail(LK_ERR_INVALID_ARGUMENT,
             "guidance_scale_embedding: w must be (N) and dim at least 4, got {} and {}",
             w.defined() ? c10::str(w.sizes()) : "none", dim);
    const int64_t half = dim / 2;
    const at::Tensor step = at::log(at::tensor(10000.0f)) / static_cast<double>(half - 1);
    const at::Tensor frequencies = at::exp(at::arange(half, at::kFloat) * -step);
    const at::Tensor args = (w.to(at::kCPU, at::kFloat) * 1000.0).unsqueeze(1) * frequencies.unsqueeze(0);
    const at::Tensor emb = at::cat({at::sin(args), at::cos(args)}, 1);
    return dim % 2 ? at::constant_pad_nd(emb, {0, 1}) : emb;
}

}  // namespace lk::diffusion
