#include "diffusion/checkpoint_keys.h"

#include "core/error.h"

#include <fmt/ranges.h>

#include <algorithm>
#include <cctype>
#include <cstdlib>
#include <set>
#include <vector>

namespace lk::diffusion {
namespace {

const std::string kUNetPrefix = "model.diffusion_model.";
const std::string kVaePrefix = "first_stage_model.";
const std::string kClipPrefix = "cond_stage_model.transformer.";

// Tensors LDM checkpoints carry besides the three models: the training noise schedule's buffers
// (SD 1.x's is fixed and lives in noise_schedule.h) and the EMA copy of the UNet, whose weights
// diffusers' converter also leaves behind by default.
const std::set<std::string> kScheduleBuffers = {
    "betas", "alphas_cumprod", "alphas_cumprod_prev", "sqrt_alphas_cumprod",
    "sqrt_one_minus_alphas_cumprod", "log_one_minus_alphas_cumprod", "sqrt_recip_alphas_cumprod",
    "sqrt_recipm1_alphas_cumprod", "posterior_variance", "posterior_log_variance_clipped",
    "posterior_mean_coef1", "posterior_mean_coef2", "logvar", "lvlb_weights"};
const std::string kEmaPrefix = "model_ema.";

bool starts_with(const std::string& s, const std::string& prefix) {
    return s.compare(0, prefix.size(), prefix) == 0;
}

bool any_starts_with(const std::vector<std::string>& names, const std::string& prefix) {
    // names are sorted, so the first not below `prefix` decides.
    const auto it = std::lower_bound(names.begin(), names.end(), prefix);
    return it != names.end() && starts_with(*it, prefix);
}

// A submodule's parameter in both layouts, under the prefixes of the module that holds it.
struct Part {
    const char* ldm;
    const char* diffusers;
    bool has_bias = true;
    bool squeeze = false;  // a 1x1 convolution's weight that diffusers holds as a linear one
};

const Part kUNetResnet[] = {{"in_layers.0", "norm1"},    {"in_layers.2", "conv1"},
                            {"emb_layers.1", "time_emb_proj"}, {"out_layers.0", "norm2"},
                            {"out_layers.3", "conv2"}};
const Part kUNetShortcut[] = {{"skip_connection", "conv_shortcut"}};
// LDM's SpatialTransformer and diffusers' Transformer2DModel name their insides alike.
const Part kTransformer[] = {{"norm", "norm"}, {"proj_in", "proj_in"}, {"proj_out", "proj_out"}};
const Part kTransformerBlock[] = {
    {"attn1.to_q", "attn1.to_q", false}, {"attn1.to_k", "attn1.to_k", false},
    {"attn1.to_v", "attn1.to_v", false}, {"attn1.to_out.0", "attn1.to_out.0"},
    {"attn2.to_q", "attn2.to_q", false}, {"attn2.to_k", "attn2.to_k", false},
    {"attn2.to_v", "attn2.to_v", false}, {"attn2.to_out.0", "attn2.to_out.0"},
    {"ff.net.0.proj", "ff.net.0.proj"},   {"ff.net.2", "ff.net.2"},
    {"norm1", "norm1"}, {"norm2", "norm2"}, {"norm3", "norm3"}};
const Part kVaeResnet[] = {{"norm1", "norm1"}, {"conv1", "conv1"}, {"norm2", "norm2"}, {"conv2", "conv2"}};
const Part kVaeShortcut[] = {{"nin_shortcut", "conv_shortcut"}};
// LDM's 1x1-convolution attention; diffusers' uses linear layers (the weights are squeezed).
const Part kVaeAttention[] = {{"norm", "group_norm"}, {"q", "to_q", true, true}, {"k", "to_k", true, true},
                              {"v", "to_v", true, true}, {"proj_out", "to_out.0", true, true}};
const Part kClipLayer[] = {{"self_attn.q_proj", "self_attn.q_proj"}, {"self_attn.k_proj", "self_attn.k_proj"},
                           {"self_attn.v_proj", "self_attn.v_proj"}, {"self_attn.out_proj", "self_attn.out_proj"},
                           {"layer_norm1", "layer_norm1"}, {"mlp.fc1", "mlp.fc1"},
                           {"mlp.fc2", "mlp.fc2"}, {"layer_norm2", "layer_norm2"}};

// Every tensor one model of a checkpoint must hold: its LDM name in the file and its diffusers
// name, made from the config the shapes imply.
class Layout {
public:
    struct Entry {
        std::string ldm, diffusers;
        bool squeeze;
    };

    explicit Layout(std::string ldm_prefix) : ldm_prefix_(std::move(ldm_prefix)) {}

    template <size_t N>
    void add(const std::string& ldm, const std::string& diffusers, const Part (&parts)[N]) {
        for (const Part& part : parts) {
            const std::string from = ldm_prefix_ + ldm + (ldm.empty() ? "" : ".") + part.ldm;
            const std::string to = diffusers + (diffusers.empty() ? "" : ".") + part.diffusers;
            entries_.push_back({from + ".weight", to + ".weight", part.squeeze});
            if (part.has_bias) entries_.push_back({from + ".bias", to + ".bias", false});
        }
    }
    void add(const std::string& ldm, const std::string& diffusers, bool has_bias = true) {
        const Part parts[] = {{ldm.c_str(), diffusers.c_str(), has_bias}};
        add("", "", parts);
    }

    const std::vector<Entry>& entries() const { return entries_; }

private:
    std::string ldm_prefix_;
    std::vector<Entry> entries_;
};

// Shapes and counts read from the header, each read checked so that a damaged file is an
// error naming the tensor rather than a crash.
class Shapes {
public:
    explicit Shapes(const io::SafetensorsFile& file) : file_(file), names_(file.names()) {}

    const std::vector<std::string>& names() const { return names_; }
    bool has(const std::string& name) const { return file_.contains(name); }

    const std::vector<int64_t>& of(const std::string& name) const {
        if (!file_.contains(name))
            fail(LK_ERR_FORMAT, "{}: tensor {} is missing, which every SD 1.x checkpoint has",
                 printable(file_.path()), name);
        return file_.info(name).shape;
    }
    const std::vector<int64_t>& of(const std::string& name, size_t rank) const {
        const std::vector<int64_t>& shape = of(name);
        if (shape.size() != rank)
            fail(LK_ERR_FORMAT, "{}: tensor {} has shape [{}], expected {} dimensions",
                 printable(file_.path()), name, fmt::join(shape, ", "), rank);
        return shape;
    }

    // One more than the largest i with a tensor under prefix + i + "."; 0 if none. (Gaps show
    // later as missing tensors.) Indices beyond any SD 1.x model's are refused before anything
    // loops over them.
    int64_t count(const std::string& prefix) const {
        constexpr long long kMaxIndex = 1000;
        int64_t n = 0;
        for (auto it = std::lower_bound(names_.begin(), names_.end(), prefix);
             it != names_.end() && starts_with(*it, prefix); ++it) {
            const char* digits = it->c_str() + prefix.size();
            char* end = nullptr;
            const long long i = std::strtoll(digits, &end, 10);
            if (end == digits || *end != '.' || !std::isdigit(static_cast<unsigned char>(*digits))) continue;
            if (i > kMaxIndex)
                fail(LK_ERR_FORMAT, "{}: tensor {} has index {}, more than any SD 1.x model has (at most {})",
                     printable(file_.path()), printable(*it), i, kMaxIndex);
            n = std::max<int64_t>(n, i + 1);
        }
        return n;
    }

    const std::string& path() const { return file_.path(); }

private:
    const io::SafetensorsFile& file_;
    std::vector<std::string> names_;
};

// Norm groups are not stored either; SD 1.x uses 32. Widths that 32 does not divide (no
// released model has them; the tiny test models do) get the largest power of two that divides
// them all, so that the model can be built.
int64_t norm_groups(const std::vector<int64_t>& widths) {
    int64_t groups = 32;
    while (groups > 1 && std::any_of(widths.begin(), widths.end(), [&](int64_t w) { return w % groups != 0; }))
        groups /= 2;
    return groups;
}

[[noreturn]] void unsupported(const Shapes& shapes, const std::string& family) {
    fail(LK_ERR_UNSUPPORTED, "{} is {}; only Stable Diffusion 1.x single files can be loaded",
         printable(shapes.path()), family);
}

// The families that share the LDM layout (or are mistaken for it), told apart by the tensors
// only they have.
void refuse_other_families(const Shapes& shapes) {
    const auto& names = shapes.names();
    if (any_starts_with(names, "conditioner.embedders.")) {
        // SDXL base pairs CLIP ViT-L (embedders.0) with OpenCLIP ViT-bigG (embedders.1); the
        // refiner has only the latter, as embedders.0.
        if (any_starts_with(names, "conditioner.embedders.1."))
            unsupported(shapes, "an SDXL checkpoint (conditioner.embedders.* text encoders)");
        unsupported(shapes, "an SDXL refiner checkpoint (conditioner.embedders.0 OpenCLIP ViT-bigG alone)");
    }
    if (any_starts_with(names, "cond_stage_model.model."))
        unsupported(shapes, "a Stable Diffusion 2.x checkpoint (cond_stage_model.model.* OpenCLIP text encoder)");
    if (any_starts_with(names, kUNetPrefix + "label_emb.") || any_starts_with(names, "add_embedding."))
        unsupported(shapes, "an SDXL-style checkpoint (its UNet has a label_emb size/class embedding)");
    if (!any_starts_with(names, kUNetPrefix)) {
        if (any_starts_with(names, "control_model."))
            unsupported(shapes, "a ControlNet, not a Stable Diffusion checkpoint (control_model.*)");
        if (shapes.has("conv_in.weight") || any_starts_with(names, "down_blocks."))
            unsupported(shapes, "one model of a diffusers folder, not a Stable Diffusion checkpoint: load the folder");
        unsupported(shapes, "not a Stable Diffusion checkpoint (no model.diffusion_model.* tensors)");
    }
    if (!shapes.has(kUNetPrefix + "input_blocks.0.0.weight"))
        unsupported(shapes, "another model family: its model.diffusion_model.* holds no LDM UNet "
                            "(input_blocks), as SD 3 and Flux checkpoints do");
}

// LDM's input_blocks list conv_in first, then per level layers_per_block resnet(+transformer)
// blocks and, on all levels but the last, a downsampler: their count and the downsamplers'
// places give the levels and layers_per_block.
UNetConfig infer_unet(const Shapes& shapes) {
    const std::string& p = kUNetPrefix;
    UNetConfig config;
    const auto conv_in = shapes.of(p + "input_blocks.0.0.weight", 4);
    config.in_channels = conv_in[1];
    config.out_channels = shapes.of(p + "out.2.weight", 4)[0];
    if (config.in_channels != 4 && config.in_channels != 9)
        unsupported(shapes, fmt::format("a UNet with {} input channels (SD 1.x has 4, its inpainting "
                                        "models 9; 8 is InstructPix2Pix)", config.in_channels));

    const int64_t blocks = shapes.count(p + "input_blocks.");
    std::vector<int64_t> downsamplers;
    for (int64_t i = 1; i < blocks; ++i)
        if (shapes.has(fmt::format("{}input_blocks.{}.0.op.weight", p, i))) downsamplers.push_back(i);
    const int64_t levels = static_cast<int64_t>(downsamplers.size()) + 1;
    const int64_t layers = (blocks - 1 - (levels - 1)) / levels;
    bool regular = layers >= 1 && 1 + levels * layers + (levels - 1) == blocks;
    for (int64_t l = 0; regular && l + 1 < levels; ++l)
        regular = downsamplers[l] == 1 + l * (layers + 1) + layers;
    if (!regular)
        fail(LK_ERR_FORMAT, "{}: {}input_blocks has {} blocks with downsamplers at [{}], which fits no "
             "UNet (per level the same number of blocks, a downsampler after each but the last)",
             printable(shapes.path()), p, blocks, fmt::join(downsamplers, ", "));
    config.layers_per_block = layers;
    config.block_out_channels.clear();
    config.cross_attention.clear();
    for (int64_t l = 0; l < levels; ++l) {
        const std::string block = fmt::format("{}input_blocks.{}.", p, 1 + l * (layers + 1));
        config.block_out_channels.push_back(shapes.of(block + "0.out_layers.3.weight", 4)[0]);
        config.cross_attention.push_back(shapes.has(block + "1.proj_in.weight"));
    }

    // The mid block's transformer is always there and stands for all of them (any that differ
    // show as missing or unexpected tensors).
    const std::string mid = p + "middle_block.1.";
    config.transformer_layers_per_block = shapes.count(mid + "transformer_blocks.");
    config.cross_attention_dim = shapes.of(mid + "transformer_blocks.0.attn2.to_k.weight", 2)[1];
    if (config.cross_attention_dim == 1024)
        unsupported(shapes, "a Stable Diffusion 2.x checkpoint (cross-attention over 1024-wide OpenCLIP states)");
    // proj_in is a 1x1 convolution in SD 1.x, a linear layer in later models.
    const std::string proj_in = mid + "proj_in.weight";
    config.use_linear_projection = shapes.of(proj_in).size() == 2;
    if (!config.use_linear_projection) shapes.of(proj_in, 4);

    config.norm_num_groups = norm_groups(config.block_out_channels);
    // LDM files do not store the head count; every SD 1.x model uses 8 heads in each transformer.
    config.attention_heads = {8};
    for (size_t l = 0; l < config.block_out_channels.size(); ++l)
        if ((config.cross_attention[l] || l + 1 == config.block_out_channels.size()) &&
            config.block_out_channels[l] % 8 != 0)
            fail(LK_ERR_FORMAT, "{}: UNet blocks {} wide do not split into SD 1.x's 8 attention heads",
                 printable(shapes.path()), config.block_out_channels[l]);
    return config;
}

AutoencoderConfig infer_vae(const Shapes& shapes) {
    const std::string p = kVaePrefix + "encoder.";
    AutoencoderConfig config;
    config.in_channels = shapes.of(p + "conv_in.weight", 4)[1];
    config.out_channels = shapes.of(kVaePrefix + "decoder.conv_out.weight", 4)[0];
    config.latent_channels = shapes.of(kVaePrefix + "post_quant_conv.weight", 4)[0];
    const int64_t levels = shapes.count(p + "down.");
    config.layers_per_block = shapes.count(p + "down.0.block.");
    if (levels == 0 || config.layers_per_block == 0)
        fail(LK_ERR_FORMAT, "{}: the autoencoder has no {}down.0.block.0.* tensors, which every SD 1.x "
             "checkpoint has", printable(shapes.path()), p);
    config.block_out_channels.clear();
    for (int64_t l = 0; l < levels; ++l)
        config.block_out_channels.push_back(
            shapes.of(fmt::format("{}down.{}.block.0.conv1.weight", p, l), 4)[0]);
    config.norm_num_groups = norm_groups(config.block_out_channels);
    return config;
}

// Released files hold CLIP under cond_stage_model.transformer.text_model.*; some older ones
// without "text_model.".
std::string clip_prefix(const Shapes& shapes) {
    return shapes.has(kClipPrefix + "embeddings.token_embedding.weight") ? kClipPrefix
                                                                          : kClipPrefix + "text_model.";
}

TextEncoderConfig infer_text_encoder(const Shapes& shapes, const std::string& p) {
    TextEncoderConfig config;
    const auto tokens = shapes.of(p + "embeddings.token_embedding.weight", 2);
    config.vocab_size = tokens[0];
    config.hidden_size = tokens[1];
    config.max_position_embeddings = shapes.of(p + "embeddings.position_embedding.weight", 2)[0];
    config.num_hidden_layers = shapes.count(p + "encoder.layers.");
    config.intermediate_size = shapes.of(p + "encoder.layers.0.mlp.fc1.weight", 2)[0];
    // Not stored either: CLIP's heads are 64 wide (ViT-L/14: 768 / 64 = 12). A width that is no
    // multiple of 64 (no released model has one) gets a single head.
    config.num_attention_heads = config.hidden_size % 64 == 0 ? config.hidden_size / 64 : 1;
    return config;
}

std::string describe(const SingleFileModel& model) {
    return fmt::format("a UNet of blocks [{}] with {} layers each, an autoencoder of blocks [{}] with {} "
                       "each, a {}-layer text encoder",
                       fmt::join(model.unet_config.block_out_channels, ", "), model.unet_config.layers_per_block,
                       fmt::join(model.vae_config.block_out_channels, ", "), model.vae_config.layers_per_block,
                       model.text_encoder_config.num_hidden_layers);
}

Layout unet_layout(const UNetConfig& c) {
    Layout layout(kUNetPrefix);
    layout.add("time_embed.0", "time_embedding.linear_1");
    layout.add("time_embed.2", "time_embedding.linear_2");
    layout.add("input_blocks.0.0", "conv_in");
    layout.add("out.0", "conv_norm_out");
    layout.add("out.2", "conv_out");
    const auto& width = c.block_out_channels;
    const int64_t levels = static_cast<int64_t>(width.size());
    const auto resnet = [&](const std::string& ldm, const std::string& diffusers, int64_t in, int64_t out) {
        layout.add(ldm, diffusers, kUNetResnet);
        if (in != out) layout.add(ldm, diffusers, kUNetShortcut);
    };
    const auto transformer = [&](const std::string& ldm, const std::string& diffusers) {
        layout.add(ldm, diffusers, kTransformer);
        for (int64_t t = 0; t < c.transformer_layers_per_block; ++t)
            layout.add(fmt::format("{}.transformer_blocks.{}", ldm, t),
                       fmt::format("{}.transformer_blocks.{}", diffusers, t), kTransformerBlock);
    };

    int64_t block = 1;
    for (int64_t l = 0; l < levels; ++l) {
        for (int64_t j = 0; j < c.layers_per_block; ++j, ++block) {
            const std::string ldm = fmt::format("input_blocks.{}", block);
            const std::string diffusers = fmt::format("down_blocks.{}", l);
            const int64_t in = j > 0 ? width[l] : width[std::max<int64_t>(l - 1, 0)];
            resnet(ldm + ".0", fmt::format("{}.resnets.{}", diffusers, j), in, width[l]);
            if (c.cross_attention[l]) transformer(ldm + ".1", fmt::format("{}.attentions.{}", diffusers, j));
        }
        if (l + 1 < levels)
            layout.add(fmt::format("input_blocks.{}.0.op", block++), fmt::format("down_blocks.{}.downsamplers.0.conv", l));
    }

    resnet("middle_block.0", "mid_block.resnets.0", width.back(), width.back());
    transformer("middle_block.1", "mid_block.attentions.0");
    resnet("middle_block.2", "mid_block.resnets.1", width.back(), width.back());

    // diffusers' up block i is level levels-1-i; each resnet reads the previous output joined
    // with the skip connection of the matching down-path block.
    block = 0;
    for (int64_t i = 0; i < levels; ++i) {
        const int64_t level = levels - 1 - i;
        const int64_t out = width[level];
        const int64_t previous = i == 0 ? width.back() : width[level + 1];
        const int64_t last_skip = width[std::max<int64_t>(level - 1, 0)];
        for (int64_t j = 0; j <= c.layers_per_block; ++j, ++block) {
            const std::string ldm = fmt::format("output_blocks.{}", block);
            const std::string diffusers = fmt::format("up_blocks.{}", i);
            const int64_t in = (j == 0 ? previous : out) + (j == c.layers_per_block ? last_skip : out);
            resnet(ldm + ".0", fmt::format("{}.resnets.{}", diffusers, j), in, out);
            if (c.cross_attention[level]) transformer(ldm + ".1", fmt::format("{}.attentions.{}", diffusers, j));
            if (j == c.layers_per_block && i + 1 < levels)
                layout.add(fmt::format("{}.{}.conv", ldm, c.cross_attention[level] ? 2 : 1),
                           diffusers + ".upsamplers.0.conv");
        }
    }
    return layout;
}

Layout vae_layout(const AutoencoderConfig& c) {
    Layout layout(kVaePrefix);
    const auto& width = c.block_out_channels;
    const int64_t levels = static_cast<int64_t>(width.size());
    const auto resnet = [&](const std::string& ldm, const std::string& diffusers, int64_t in, int64_t out) {
        layout.add(ldm, diffusers, kVaeResnet);
        if (in != out) layout.add(ldm, diffusers, kVaeShortcut);
    };
    const auto mid = [&](const std::string& coder) {
        resnet(coder + ".mid.block_1", coder + ".mid_block.resnets.0", width.back(), width.back());
        layout.add(coder + ".mid.attn_1", coder + ".mid_block.attentions.0", kVaeAttention);
        resnet(coder + ".mid.block_2", coder + ".mid_block.resnets.1", width.back(), width.back());
    };
    for (const char* coder : {"encoder", "decoder"}) {
        layout.add(fmt::format("{}.conv_in", coder), fmt::format("{}.conv_in", coder));
        layout.add(fmt::format("{}.norm_out", coder), fmt::format("{}.conv_norm_out", coder));
        layout.add(fmt::format("{}.conv_out", coder), fmt::format("{}.conv_out", coder));
        mid(coder);
    }
    for (int64_t l = 0; l < levels; ++l) {
        for (int64_t j = 0; j < c.layers_per_block; ++j)
            resnet(fmt::format("encoder.down.{}.block.{}", l, j), fmt::format("encoder.down_blocks.{}.resnets.{}", l, j),
                   j > 0 ? width[l] : width[std::max<int64_t>(l - 1, 0)], width[l]);
        if (l + 1 < levels)
            layout.add(fmt::format("encoder.down.{}.downsample.conv", l),
                       fmt::format("encoder.down_blocks.{}.downsamplers.0.conv", l));
    }
    layout.add("quant_conv", "quant_conv");
    layout.add("post_quant_conv", "post_quant_conv");
    // LDM numbers the decoder's levels from the image side, diffusers from the latent side.
    for (int64_t i = 0; i < levels; ++i) {
        const int64_t level = levels - 1 - i;
        const int64_t previous = i == 0 ? width.back() : width[level + 1];
        for (int64_t j = 0; j <= c.layers_per_block; ++j)
            resnet(fmt::format("decoder.up.{}.block.{}", level, j), fmt::format("decoder.up_blocks.{}.resnets.{}", i, j),
                   j == 0 ? previous : width[level], width[level]);
        if (i + 1 < levels)
            layout.add(fmt::format("decoder.up.{}.upsample.conv", level),
                       fmt::format("decoder.up_blocks.{}.upsamplers.0.conv", i));
    }
    return layout;
}

// transformers 5 names CLIPTextModel's tensors without the "text_model." that LDM files keep.
Layout text_encoder_layout(const TextEncoderConfig& c, const std::string& prefix) {
    Layout layout(prefix);
    layout.add("embeddings.token_embedding", "embeddings.token_embedding", false);
    layout.add("embeddings.position_embedding", "embeddings.position_embedding", false);
    for (int64_t k = 0; k < c.num_hidden_layers; ++k)
        layout.add(fmt::format("encoder.layers.{}", k), fmt::format("encoder.layers.{}", k), kClipLayer);
    layout.add("final_layer_norm", "final_layer_norm");
    return layout;
}

// A squeezed 1x1 convolution, or a weight already stored as a linear one.
at::Tensor linear_weight(const Shapes& shapes, const std::string& name, at::Tensor weight) {
    const auto sizes = weight.sizes();
    if (sizes.size() == 2) return weight;
    if (sizes.size() == 4 && sizes[2] == 1 && sizes[3] == 1) return weight.reshape({sizes[0], sizes[1]});
    fail(LK_ERR_FORMAT, "{}: tensor {} has shape [{}], expected a 1x1 convolution (C, C, 1, 1) or (C, C)",
         printable(shapes.path()), name, fmt::join(sizes, ", "));
}

}  // namespace

SingleFileModel read_single_file(const io::SafetensorsFile& file) {
    const Shapes shapes(file);
    refuse_other_families(shapes);

    SingleFileModel model;
    model.unet_config = infer_unet(shapes);
    model.vae_config = infer_vae(shapes);
    const std::string clip = clip_prefix(shapes);
    model.text_encoder_config = infer_text_encoder(shapes, clip);
    if (model.text_encoder_config.hidden_size != model.unet_config.cross_attention_dim)
        fail(LK_ERR_FORMAT, "{}: the text encoder is {} wide but the UNet's cross-attention reads {}-wide states",
             printable(file.path()), model.text_encoder_config.hidden_size, model.unet_config.cross_attention_dim);

    const std::pair<Layout, Weights*> parts[] = {
        {unet_layout(model.unet_config), &model.unet},
        {vae_layout(model.vae_config), &model.vae},
        {text_encoder_layout(model.text_encoder_config, clip), &model.text_encoder}};

    std::set<std::string> expected;
    for (const auto& [layout, weights] : parts)
        for (const Layout::Entry& entry : layout.entries()) expected.insert(entry.ldm);
    for (const std::string& name : shapes.names())
        if (!expected.count(name) && !kScheduleBuffers.count(name) && !starts_with(name, kEmaPrefix) &&
            name != clip + "embeddings.position_ids")
            fail(LK_ERR_FORMAT, "{}: tensor {} fits no tensor of an SD 1.x checkpoint whose shapes imply {}",
                 printable(file.path()), printable(name), describe(model));

    for (const auto& [layout, weights] : parts)
        for (const Layout::Entry& entry : layout.entries()) {
            if (!file.contains(entry.ldm))
                fail(LK_ERR_FORMAT, "{}: tensor {} is missing, expected in an SD 1.x checkpoint whose shapes imply {}",
                     printable(file.path()), entry.ldm, describe(model));
            at::Tensor tensor = file.tensor(entry.ldm);
            (*weights)[entry.diffusers] = entry.squeeze ? linear_weight(shapes, entry.ldm, tensor) : tensor;
        }
    return model;
}

}  // namespace lk::diffusion
