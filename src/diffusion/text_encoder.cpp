#include "diffusion/text_encoder.h"

#include "core/error.h"
#include "diffusion/json_fields.h"
#include "diffusion/layers.h"

#include <ATen/TensorOperators.h>
#include <ATen/ops/aminmax.h>
#include <ATen/ops/embedding.h>
#include <ATen/ops/gelu.h>
#include <ATen/ops/layer_norm.h>
#include <ATen/ops/linear.h>
#include <ATen/ops/scaled_dot_product_attention.h>
#include <ATen/ops/sigmoid.h>
#include <c10/util/StringUtil.h>

#include <cmath>
#include <utility>
#include <vector>

namespace lk::diffusion {
namespace {

using nlohmann::json;

// transformers 4 saved CLIPTextModel's tensors under "text_model."; transformers 5 saves them
// without it. Both name the same tensors.
constexpr std::string_view kLegacyPrefix = "text_model.";
// A buffer (0, 1, ..., 76) transformers 4 also saved; the forward derives it.
constexpr std::string_view kPositionIds = "embeddings.position_ids";

std::string layer_prefix(int64_t layer) { return "encoder.layers." + std::to_string(layer) + "."; }

// Every tensor CLIPTextModel has for `c`, initialized as transformers' CLIPPreTrainedModel
// ._init_weights does with initializer_factor 1.
std::vector<TensorSpec> clip_tensors(const TextEncoderConfig& c) {
    using Init = TensorSpec::Init;
    const int64_t h = c.hidden_size, layers = c.num_hidden_layers;
    const double in_std = std::pow(double(h), -0.5) * std::pow(2.0 * double(layers), -0.5);
    const double out_std = std::pow(double(h), -0.5), fc1_std = std::pow(2.0 * double(h), -0.5);
    std::vector<TensorSpec> specs{{"embeddings.token_embedding.weight", {c.vocab_size, h}, Init::normal, 0, 0.02},
                                  {"embeddings.position_embedding.weight", {c.max_position_embeddings, h}, Init::normal, 0, 0.02}};
    const auto linear = [&](const std::string& name, int64_t out, int64_t in, double std) {
        specs.push_back({name + ".weight", {out, in}, Init::normal, 0, std});
        specs.push_back({name + ".bias", {out}, Init::zeros});
    };
    const auto norm = [&](const std::string& name) {
        specs.push_back({name + ".weight", {h}, Init::ones});
        specs.push_back({name + ".bias", {h}, Init::zeros});
    };
    for (int64_t i = 0; i < layers; ++i) {
        const std::string p = layer_prefix(i);
        norm(p + "layer_norm1");
        for (const char* projection : {"q_proj", "k_proj", "v_proj"}) linear(p + "self_attn." + projection, h, h, in_std);
        linear(p + "self_attn.out_proj", h, h, out_std);
        norm(p + "layer_norm2");
        linear(p + "mlp.fc1", c.intermediate_size, h, fc1_std);
        linear(p + "mlp.fc2", h, c.intermediate_size, in_std);
    }
    norm("final_layer_norm");
    return specs;
}

bool starts_with(std::string_view s, std::string_view prefix) { return s.substr(0, prefix.size()) == prefix; }

// The weights under transformers 5's names, checked against `config` and placed.
Weights checked(Weights given, const TextEncoderConfig& config, const Placement& placement) {
    Weights named;
    for (auto& [name, tensor] : given) {
        std::string key = starts_with(name, kLegacyPrefix) ? name.substr(kLegacyPrefix.size()) : name;
        if (key != kPositionIds) named[std::move(key)] = std::move(tensor);
    }
    return checked_weights(std::move(named), clip_tensors(config), placement, "text encoder");
}

}  // namespace

TextEncoderConfig TextEncoderConfig::from_json(const std::string& text, const std::string& name) {
    const json j = parse_json_object(text, name);
    const auto architectures = j.find("architectures");
    if (architectures != j.end() && architectures->is_array() && !architectures->empty() &&
        *architectures != json::array({"CLIPTextModel"}))
        fail(LK_ERR_UNSUPPORTED, "{}: the text encoder is {}; expected [\"CLIPTextModel\"]", printable(name),
             printable(architectures->dump()));
    // Absent keys take CLIPTextConfig's defaults, as transformers reads the file.
    TextEncoderConfig c;
    c.vocab_size = json_integer(j, "vocab_size", 49408, 1, name);
    c.hidden_size = json_integer(j, "hidden_size", 512, 1, name);
    c.intermediate_size = json_integer(j, "intermediate_size", 2048, 1, name);
    c.num_hidden_layers = json_integer(j, "num_hidden_layers", 12, 1, name);
    c.num_attention_heads = json_integer(j, "num_attention_heads", 8, 1, name);
    c.max_position_embeddings = json_integer(j, "max_position_embeddings", 77, 1, name);
    c.layer_norm_eps = json_number(j, "layer_norm_eps", 1e-5, name);
    const std::string act = json_string(j, "hidden_act", "quick_gelu", name);
    if (act != "quick_gelu" && act != "gelu")
        fail(LK_ERR_FORMAT, "{}: \"hidden_act\" is \"{}\"; expected \"quick_gelu\" or \"gelu\"", printable(name),
             printable(act));
    c.quick_gelu = act == "quick_gelu";
    if (c.hidden_size % c.num_attention_heads != 0)
        fail(LK_ERR_FORMAT, "{}: \"hidden_size\" {} is not a multiple of \"num_attention_heads\" {}", printable(name),
             c.hidden_size, c.num_attention_heads);
    if (!(c.layer_norm_eps > 0))
        fail(LK_ERR_FORMAT, "{}: \"layer_norm_eps\" is {}; expected a positive number", printable(name),
             c.layer_norm_eps);
    return c;
}

std::string TextEncoderConfig::to_json() const {
    // CLIP's special tokens as SD 1.x tokenizers number them; the pipeline reads only the hidden
    // states, but transformers wants the ids for its pooled output.
    const json j = {{"architectures", {"CLIPTextModel"}},
                    {"model_type", "clip_text_model"},
                    {"vocab_size", vocab_size},
                    {"hidden_size", hidden_size},
                    {"intermediate_size", intermediate_size},
                    {"num_hidden_layers", num_hidden_layers},
                    {"num_attention_heads", num_attention_heads},
                    {"max_position_embeddings", max_position_embeddings},
                    {"hidden_act", quick_gelu ? "quick_gelu" : "gelu"},
                    {"layer_norm_eps", layer_norm_eps},
                    {"attention_dropout", 0.0},
                    {"initializer_factor", 1.0},
                    {"initializer_range", 0.02},
                    {"bos_token_id", 49406},
                    {"eos_token_id", 49407},
                    {"pad_token_id", 49407}};
    return j.dump(2);
}

TextEncoder::TextEncoder(TextEncoderConfig config, Weights weights, const Placement& placement)
    : config_(std::move(config)), weights_(checked(std::move(weights), config_, placement)), placement_(placement) {}

TextEncoder TextEncoder::initialized(TextEncoderConfig config, at::Generator generator, const Placement& placement) {
    Weights weights = initial_weights(clip_tensors(config), generator, placement);
    return TextEncoder(std::move(config), std::move(weights), placement);
}

at::Tensor TextEncoder::operator()(const at::Tensor& ids, int64_t clip_skip) const {
    const TextEncoderConfig& c = config_;
    if (!ids.defined() || ids.dim() != 2 || ids.size(0) < 1 || ids.size(1) < 1 ||
        ids.size(1) > c.max_position_embeddings || !at::isIntegralType(ids.scalar_type(), false))
        fail(LK_ERR_INVALID_ARGUMENT, "the text encoder takes integer ids shaped (batch, 1..{}), got {} {}",
             c.max_position_embeddings, ids.defined() ? c10::toString(ids.scalar_type()) : "none",
             ids.defined() ? c10::str(ids.sizes()) : "");
    if (clip_skip < 1 || clip_skip > c.num_hidden_layers)
        fail(LK_ERR_INVALID_ARGUMENT, "clip skip is {}; expected 1 (the last layer) to {} (the first)", clip_skip,
             c.num_hidden_layers);
    const auto [low, high] = at::aminmax(ids);
    if (low.item<int64_t>() < 0 || high.item<int64_t>() >= c.vocab_size)
        fail(LK_ERR_INVALID_ARGUMENT, "token ids range from {} to {}; expected 0 to {} (the vocabulary's size)",
             low.item<int64_t>(), high.item<int64_t>(), c.vocab_size - 1);
    const auto w = [this](const std::string& name) -> const at::Tensor& { return weights_.at(name); };
    const int64_t batch = ids.size(0), tokens = ids.size(1), heads = c.num_attention_heads;
    const int64_t head_dim = c.hidden_size / heads;
    const auto norm = [&](const at::Tensor& x, const std::string& name) {
        return at::layer_norm(x, {c.hidden_size}, w(name + ".weight"), w(name + ".bias"), c.layer_norm_eps);
    };
    const auto linear = [&](const at::Tensor& x, const std::string& name) {
        return at::linear(x, w(name + ".weight"), w(name + ".bias"));
    };
    // (batch, tokens, hidden) -> (batch, heads, tokens, head_dim), and back.
    const auto split_heads = [&](const at::Tensor& x) { return x.view({batch, tokens, heads, head_dim}).transpose(1, 2); };

    at::Tensor x = at::embedding(w("embeddings.token_embedding.weight"), ids.to(placement_.device, at::kLong)) +
                   w("embeddings.position_embedding.weight").narrow(0, 0, tokens);
    // clip skip k stops after the k-th last layer: the layers after it would be discarded.
    for (int64_t i = 0; i < c.num_hidden_layers - (clip_skip - 1); ++i) {
        const std::string p = layer_prefix(i);
        const at::Tensor h = norm(x, p + "layer_norm1");
        const at::Tensor attended = at::scaled_dot_product_attention(
            split_heads(linear(h, p + "self_attn.q_proj")), split_heads(linear(h, p + "self_attn.k_proj")),
            split_heads(linear(h, p + "self_attn.v_proj")), {}, 0.0, /*is_causal=*/true);
        x = x + linear(attended.transpose(1, 2).reshape({batch, tokens, c.hidden_size}), p + "self_attn.out_proj");
        const at::Tensor inner = linear(norm(x, p + "layer_norm2"), p + "mlp.fc1");
        const at::Tensor activated = c.quick_gelu ? inner * at::sigmoid(inner * 1.702) : at::gelu(inner);
        x = x + linear(activated, p + "mlp.fc2");
    }
    return norm(x, "final_layer_norm");
}

}  // namespace lk::diffusion
