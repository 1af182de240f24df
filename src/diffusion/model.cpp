#include "diffusion/model.h"

#include "core/error.h"
#include "diffusion/checkpoint_keys.h"
#include "diffusion/json_fields.h"
#include "io/file.h"
#include "io/safetensors.h"

#include <ATen/ops/allclose.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <set>
#include <utility>
#include <vector>

namespace lk::diffusion {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

// The pipelines whose folders hold an SD 1.x model this loads (the same five components).
const std::set<std::string> kPipelines = {"StableDiffusionPipeline", "StableDiffusionImg2ImgPipeline",
                                          "StableDiffusionInpaintPipeline"};
// Each component's class, as model_index.json names it.
const std::vector<std::pair<const char*, std::set<std::string>>> kComponents = {
    {"unet", {"UNet2DConditionModel"}},
    {"vae", {"AutoencoderKL"}},
    {"text_encoder", {"CLIPTextModel"}},
    {"tokenizer", {"CLIPTokenizer", "CLIPTokenizerFast"}}};
// The version of diffusers the written folders were checked against.
constexpr const char* kDiffusersVersion = "0.42.1";
// SD 2.x's OpenCLIP ViT-H text encoder is this wide; SD 1.x's CLIP ViT-L is 768.
constexpr int64_t kSd2Width = 1024;

std::string text_of(const fs::path& path, const std::string& needed_by) {
    if (!fs::is_regular_file(path))
        fail(LK_ERR_IO, "{} needs {}, which is missing", needed_by, printable(path.string()));
    const std::vector<uint8_t> bytes = io::read_file(path.string());
    return std::string(bytes.begin(), bytes.end());
}

bool is_file(const fs::path& path) { return fs::is_regular_file(path); }

// The pipeline class and components, refusing other model families by name.
void check_model_index(const fs::path& folder) {
    const fs::path index_path = folder / "model_index.json";
    const std::string name = index_path.string();
    const json index = parse_json_object(text_of(index_path, "a diffusers folder"), name);
    const std::string pipeline = json_string(index, "_class_name", "", name);
    if (!kPipelines.count(pipeline)) {
        const bool xl = pipeline.find("XL") != std::string::npos;
        fail(LK_ERR_UNSUPPORTED, "{} names the pipeline \"{}\"{}; expected a Stable Diffusion 1.x pipeline "
             "(StableDiffusionPipeline, StableDiffusionImg2ImgPipeline or StableDiffusionInpaintPipeline)",
             printable(name), printable(pipeline), xl ? " (SDXL, which this SDK does not run)" : "");
    }
    for (const auto& [component, classes] : kComponents) {
        const json entry = index.value(component, json());
        const json cls = entry.is_array() && entry.size() == 2 ? entry[1] : json();
        if (!cls.is_string() || !classes.count(cls.get<std::string>()))
            fail(LK_ERR_UNSUPPORTED, "{}: \"{}\" is {}; expected [library, \"{}\"]", printable(name), component,
                 printable(entry.dump()), *classes.begin());
    }
}

Weights tensors_of(const io::SafetensorsFile& file, const std::vector<std::string>& names) {
    Weights weights;
    for (const std::string& name : names) weights.emplace(name, file.tensor(name));
    return weights;
}

// A sharded checkpoint: its index's "weight_map" names each tensor's file.
Weights sharded_weights(const fs::path& index_path) {
    const std::string name = index_path.string();
    const json index = parse_json_object(text_of(index_path, "a sharded checkpoint"), name);
    const json map = index.value("weight_map", json());
    if (!map.is_object() || map.empty())
        fail(LK_ERR_FORMAT, "{} has no \"weight_map\" of tensor -> file", printable(name));
    std::map<std::string, std::vector<std::string>> by_file;
    for (const auto& [tensor, file] : map.items()) {
        if (!file.is_string() || file.get<std::string>().find('/') != std::string::npos)
            fail(LK_ERR_FORMAT, "{}: tensor {} maps to {}; expected a file name beside the index", printable(name),
                 printable(tensor), printable(file.dump()));
        by_file[file.get<std::string>()].push_back(tensor);
    }
    Weights weights;
    for (const auto& [file, names] : by_file) {
        const io::SafetensorsFile shard = io::SafetensorsFile::open((index_path.parent_path() / file).string());
        weights.merge(tensors_of(shard, names));
    }
    return weights;
}

// A component's weights: STEM.safetensors, its fp16 variant, or a sharded index of either.
// Pickled .bin weights are refused: loading a pickle runs whatever code it holds.
Weights component_weights(const fs::path& dir, const std::string& stem, const std::string& pickle_stem) {
    for (const char* variant : {"", ".fp16"}) {
        const fs::path single = dir / (stem + variant + ".safetensors");
        if (is_file(single)) {
            const io::SafetensorsFile file = io::SafetensorsFile::open(single.string());
            return tensors_of(file, file.names());
        }
        const fs::path index = dir / (stem + variant + ".safetensors.index.json");
        if (is_file(index)) return sharded_weights(index);
    }
    for (const char* variant : {"", ".fp16"}) {
        const fs::path pickle = dir / (pickle_stem + variant + ".bin");
        if (is_file(pickle))
            fail(LK_ERR_FORMAT, "{} holds only PyTorch pickle weights ({}), which are not loaded because a pickle "
                 "can run code; convert the model to safetensors (diffusers: pipeline.save_pretrained(folder, "
                 "safe_serialization=True))", printable(dir.string()), printable(pickle.filename().string()));
    }
    fail(LK_ERR_IO, "no weights in {}: expected {}.safetensors (or its .fp16 variant)", printable(dir.string()), stem);
}

// Refuses SD 2.x by its 1024-wide text conditioning, before the configs are read in detail.
void refuse_sd2(const json& text_config, const json& unet_config, const fs::path& folder) {
    if (text_config.value("hidden_size", json()) == kSd2Width || unet_config.value("cross_attention_dim", json()) == kSd2Width)
        fail(LK_ERR_UNSUPPORTED, "{} is an SD 2.x model (a {}-wide OpenCLIP text encoder); only Stable Diffusion 1.x "
             "models are supported", printable(folder.string()), kSd2Width);
}

struct Schedule {
    NoiseSchedule schedule;
    Prediction prediction;
};

Schedule schedule_of(const fs::path& folder) {
    const fs::path path = folder / "scheduler" / "scheduler_config.json";
    if (!is_file(path)) return {NoiseSchedule::scaled_linear(), Prediction::epsilon};
    const std::string name = path.string();
    const json config = parse_json_object(text_of(path, "the scheduler"), name);
    const std::string prediction = json_string(config, "prediction_type", "epsilon", name);
    if (prediction != "epsilon" && prediction != "v_prediction")
        fail(LK_ERR_UNSUPPORTED, "{}: \"prediction_type\" is \"{}\"; expected \"epsilon\" or \"v_prediction\"",
             printable(name), printable(prediction));
    const std::string betas = json_string(config, "beta_schedule", "linear", name);
    if (betas != "scaled_linear")
        fail(LK_ERR_UNSUPPORTED, "{}: \"beta_schedule\" is \"{}\"; expected \"scaled_linear\" (Stable Diffusion 1.x's)",
             printable(name), printable(betas));
    if (config.contains("trained_betas") && !config["trained_betas"].is_null())
        fail(LK_ERR_UNSUPPORTED, "{}: \"trained_betas\" is set; expected null (the scaled-linear schedule)", printable(name));
    if (json_bool(config, "rescale_betas_zero_snr", false, name))
        fail(LK_ERR_UNSUPPORTED, "{}: \"rescale_betas_zero_snr\" is true; expected false", printable(name));
    const int64_t steps = json_integer(config, "num_train_timesteps", 1000, 2, name);
    const double start = json_number(config, "beta_start", 0.0001, name);
    const double end = json_number(config, "beta_end", 0.02, name);
    if (steps > 100000 || !(start > 0 && start < end && end < 1))
        fail(LK_ERR_FORMAT, "{}: {} training steps with betas {} to {}; expected at most 100000 steps and "
             "0 < beta_start < beta_end < 1", printable(name), steps, start, end);
    return {NoiseSchedule::scaled_linear(steps, start, end),
            prediction == "epsilon" ? Prediction::epsilon : Prediction::v};
}

// The checks across components that each config alone cannot make.
void check_fit(const TextEncoderConfig& text, const UNetConfig& unet, const AutoencoderConfig& vae,
               const std::string& source) {
    if (unet.cross_attention_dim != text.hidden_size)
        fail(LK_ERR_FORMAT, "{}: the UNet attends to {}-wide text states but the text encoder is {} wide",
             printable(source), unet.cross_attention_dim, text.hidden_size);
    const int64_t latent = vae.latent_channels;
    if (unet.out_channels != latent || (unet.in_channels != latent && unet.in_channels != 2 * latent + 1))
        fail(LK_ERR_FORMAT, "{}: the UNet takes {} channels and gives {}; expected {} (or {} for inpainting) and {} "
             "for the autoencoder's {}-channel latents", printable(source), unet.in_channels, unet.out_channels,
             latent, 2 * latent + 1, latent, latent);
}

StableDiffusion load_folder(const fs::path& folder, const Placement& placement) {
    check_model_index(folder);
    const std::string text_name = (folder / "text_encoder" / "config.json").string();
    const std::string unet_name = (folder / "unet" / "config.json").string();
    const std::string vae_name = (folder / "vae" / "config.json").string();
    const std::string text_json = text_of(text_name, "the text encoder"), unet_json = text_of(unet_name, "the UNet");
    refuse_sd2(parse_json_object(text_json, text_name), parse_json_object(unet_json, unet_name), folder);
    const TextEncoderConfig text_config = TextEncoderConfig::from_json(text_json, text_name);
    const UNetConfig unet_config = UNetConfig::from_json(unet_json, unet_name);
    const AutoencoderConfig vae_config = AutoencoderConfig::from_json(text_of(vae_name, "the autoencoder"), vae_name);
    check_fit(text_config, unet_config, vae_config, folder.string());
    ClipTokenizer tokenizer = ClipTokenizer::from_folder((folder / "tokenizer").string());
    Schedule schedule = schedule_of(folder);
    return {std::move(tokenizer),
            TextEncoder(text_config, component_weights(folder / "text_encoder", "model", "pytorch_model"), placement),
            UNet(unet_config, component_weights(folder / "unet", "diffusion_pytorch_model", "diffusion_pytorch_model"),
                 placement),
            Autoencoder(vae_config, component_weights(folder / "vae", "diffusion_pytorch_model", "diffusion_pytorch_model"),
                        placement),
            std::move(schedule.schedule), schedule.prediction, folder.string()};
}

// A single file's tokenizer: the caller's folder, else the installed CLIP vocabulary.
ClipTokenizer single_file_tokenizer(const std::string& checkpoint, const std::string& tokenizer_dir) {
    const std::string dir = tokenizer_dir.empty() ? default_tokenizer_dir() : tokenizer_dir;
    try {
        return ClipTokenizer::from_folder(dir);
    } catch (const Error& e) {
        if (e.status() != LK_ERR_IO) throw;
        fail(LK_ERR_IO, "{} carries no tokenizer, and {}{}", printable(checkpoint), e.what(),
             tokenizer_dir.empty() ? " (scripts/setup.sh installs CLIP's vocabulary in models/clip; "
                                     "LIKENESS_CLIP_VOCAB or the tokenizer folder option names another)"
                                   : "");
    }
}

StableDiffusion load_single_file(const fs::path& path, const LoadOptions& options) {
    const std::string extension = path.extension().string();
    if (extension == ".ckpt" || extension == ".pt" || extension == ".pth" || extension == ".bin")
        fail(LK_ERR_FORMAT, "{} is a PyTorch pickle, which is not loaded because a pickle can run code; convert it to "
             ".safetensors", printable(path.string()));
    if (extension != ".safetensors")
        fail(LK_ERR_FORMAT, "{} is neither a diffusers folder nor a .safetensors checkpoint", printable(path.string()));
    ClipTokenizer tokenizer = single_file_tokenizer(path.string(), options.tokenizer_dir);
    SingleFileModel m = read_single_file(io::SafetensorsFile::open(path.string()));
    check_fit(m.text_encoder_config, m.unet_config, m.vae_config, path.string());
    const Placement& placement = options.placement;
    return {std::move(tokenizer),
            TextEncoder(m.text_encoder_config, std::move(m.text_encoder), placement),
            UNet(m.unet_config, std::move(m.unet), placement),
            Autoencoder(m.vae_config, std::move(m.vae), placement),
            NoiseSchedule::scaled_linear(),
            Prediction::epsilon,
            path.string()};
}

void write_text(const fs::path& path, const std::string& text) {
    io::write_file_atomically(path.string(), text.data(), text.size());
}

void write_weights(const fs::path& path, const Weights& weights) {
    std::vector<std::pair<std::string, at::Tensor>> tensors;
    tensors.reserve(weights.size());
    for (const auto& [name, tensor] : weights) tensors.emplace_back(name, tensor.detach());
    // transformers refuses safetensors files without this.
    io::write_safetensors(path.string(), tensors, {{"format", "pt"}});
}

// scheduler_config.json for a DDIMScheduler with SD 1.x's settings. The schedule must be the
// scaled-linear one its betas describe: anything else has no diffusers config.
std::string scheduler_config(const NoiseSchedule& schedule, Prediction prediction) {
    const NoiseSchedule described =
        NoiseSchedule::scaled_linear(schedule.train_steps(), schedule.beta_start, schedule.beta_end);
    if (!at::allclose(described.alphas_cumprod, schedule.alphas_cumprod.to(at::kCPU, at::kFloat), 0, 0))
        fail(LK_ERR_UNSUPPORTED, "the model's noise schedule is not the scaled-linear one from beta {} to {} over {} "
             "steps, so no diffusers scheduler config describes it", schedule.beta_start, schedule.beta_end,
             schedule.train_steps());
    return json{{"_class_name", "DDIMScheduler"},
                {"_diffusers_version", kDiffusersVersion},
                {"beta_schedule", "scaled_linear"},
                {"beta_start", schedule.beta_start},
                {"beta_end", schedule.beta_end},
                {"num_train_timesteps", schedule.train_steps()},
                {"prediction_type", prediction == Prediction::v ? "v_prediction" : "epsilon"},
                {"clip_sample", false},
                {"set_alpha_to_one", false},
                {"steps_offset", 1},
                {"timestep_spacing", "leading"}}
        .dump(2);
}

}  // namespace

std::string default_tokenizer_dir() {
    const char* from_environment = std::getenv("LIKENESS_CLIP_VOCAB");
    return from_environment && *from_environment ? from_environment : "models/clip";
}

StableDiffusion load_model(const std::string& path, const LoadOptions& options) {
    const fs::path p(path);
    std::error_code error;
    const fs::file_status status = fs::status(p, error);
    if (!fs::exists(status))
        fail(LK_ERR_IO, "no model at '{}': expected a diffusers folder or a .safetensors checkpoint", printable(path));
    return fs::is_directory(status) ? load_folder(p, options.placement) : load_single_file(p, options);
}

void save_diffusers_folder(const StableDiffusion& model, const std::string& tokenizer_dir, const std::string& folder) {
    const fs::path root(folder), tokens(tokenizer_dir);
    // The tokenizer files are checked before anything is written.
    ClipTokenizer::from_folder(tokenizer_dir);
    const std::string schedule = scheduler_config(model.schedule, model.prediction);
    for (const char* component : {"unet", "vae", "text_encoder", "tokenizer", "scheduler"}) {
        std::error_code error;
        fs::create_directories(root / component, error);
        if (error)
            fail(LK_ERR_IO, "cannot create '{}': {}", printable((root / component).string()), error.message());
    }
    write_text(root / "unet" / "config.json", model.unet.config().to_json());
    write_weights(root / "unet" / "diffusion_pytorch_model.safetensors", model.unet.weights());
    write_text(root / "vae" / "config.json", model.vae.config().to_json());
    write_weights(root / "vae" / "diffusion_pytorch_model.safetensors", model.vae.weights());
    write_text(root / "text_encoder" / "config.json", model.text_encoder.config().to_json());
    write_weights(root / "text_encoder" / "model.safetensors", model.text_encoder.weights());
    for (const char* file : {"vocab.json", "merges.txt", "tokenizer.json"})
        if (is_file(tokens / file)) write_text(root / "tokenizer" / file, text_of(tokens / file, "the tokenizer"));
    // CLIPTokenizer's defaults are CLIP's special tokens; the length is what pipelines pad to.
    write_text(root / "tokenizer" / "tokenizer_config.json",
               json{{"tokenizer_class", "CLIPTokenizer"},
                    {"bos_token", "<|startoftext|>"},
                    {"eos_token", "<|endoftext|>"},
                    {"pad_token", "<|endoftext|>"},
                    {"unk_token", "<|endoftext|>"},
                    {"model_max_length", model.text_encoder.config().max_position_embeddings}}
                   .dump(2));
    write_text(root / "scheduler" / "scheduler_config.json", schedule);
    // model_index.json last: a folder whose writing stopped part-way has none, and no loader
    // takes it for a model.
    const bool inpaint = model.unet.config().in_channels != model.vae.config().latent_channels;
    write_text(root / "model_index.json",
               json{{"_class_name", inpaint ? "StableDiffusionInpaintPipeline" : "StableDiffusionPipeline"},
                    {"_diffusers_version", kDiffusersVersion},
                    {"feature_extractor", {nullptr, nullptr}},
                    {"image_encoder", {nullptr, nullptr}},
                    {"requires_safety_checker", false},
                    {"safety_checker", {nullptr, nullptr}},
                    {"scheduler", {"diffusers", "DDIMScheduler"}},
                    {"text_encoder", {"transformers", "CLIPTextModel"}},
                    {"tokenizer", {"transformers", "CLIPTokenizer"}},
                    {"unet", {"diffusers", "UNet2DConditionModel"}},
                    {"vae", {"diffusers", "AutoencoderKL"}}}
                   .dump(2));
}

}  // namespace lk::diffusion
