#include "diffusion/trainer.h"

#include "core/adam.h"
#include "core/error.h"
#include "data/dataset.h"
#include "data/shuffled_order.h"
#include "diffusion/fashion_captions.h"
#include "diffusion/model.h"
#include "diffusion/training_state.h"
#include "io/file.h"

#include <ATen/CPUGeneratorImpl.h>
#include <ATen/TensorOperators.h>
#include <ATen/autocast_mode.h>
#include <ATen/core/grad_mode.h>
#include <ATen/ops/arange.h>
#include <ATen/ops/cat.h>
#include <ATen/ops/from_blob.h>
#include <ATen/ops/mse_loss.h>
#include <ATen/ops/rand.h>
#include <ATen/ops/randint.h>
#include <ATen/ops/randn.h>
#include <ATen/ops/sqrt.h>
#include <ATen/ops/std.h>
#include <ATen/ops/tensor.h>
#include <ATen/ops/where.h>
#include <ATen/ops/zeros.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cmath>
#include <filesystem>
#include <fstream>

namespace lk::diffusion {
namespace {

using nlohmann::json;
using Tensors = std::map<std::string, at::Tensor>;

constexpr const char* kStateFormat = "diffusion-training-state";
// Dynamic loss scaling as torch.cuda.amp.GradScaler does it: start high, halve on an overflow,
// double after this many steps without one.
constexpr double kInitialLossScale = 65536;
constexpr int64_t kLossScaleGrowthInterval = 2000;
constexpr double kMaxGradNorm = 1;

Tensors detached_clone(const Weights& weights) {
    Tensors copy;
    for (const auto& [name, t] : weights) copy[name] = t.detach().clone();
    return copy;
}

// Float16 autocast on CUDA for the forward and the loss, undone when the scope ends.
class AutocastScope {
public:
    explicit AutocastScope(bool on) : on_(on) {
        if (!on_) return;
        was_enabled_ = at::autocast::is_autocast_enabled(at::kCUDA);
        at::autocast::set_autocast_enabled(at::kCUDA, true);
        at::autocast::set_autocast_dtype(at::kCUDA, at::kHalf);
    }
    ~AutocastScope() {
        if (!on_) return;
        at::autocast::set_autocast_enabled(at::kCUDA, was_enabled_);
        at::autocast::clear_cache();
    }
    AutocastScope(const AutocastScope&) = delete;
    AutocastScope& operator=(const AutocastScope&) = delete;

private:
    bool on_, was_enabled_ = false;
};

std::string training_config(const TrainingOptions& o) {
    return json{{"unet", json::parse(o.unet.to_json())},
                {"vae", json::parse(o.vae.to_json())},
                {"text_encoder", json::parse(o.text_encoder.to_json())},
                {"prediction", o.prediction == Prediction::v ? "v_prediction" : "epsilon"},
                {"train_text_encoder", o.train_text_encoder},
                {"resolution", o.resolution}}
        .dump();
}

class Trainer {
public:
    Trainer(const TrainingOptions& options, c10::Device device, data::Dataset data);
    TrainingResult run(const TrainingCallback& callback, const Context* context);

private:
    at::Tensor images_at(const at::Tensor& indices) const;
    double vae_step();
    double unet_step();
    // Backward, unscaling, clipping and the update; false when the step was skipped for an
    // overflow of the float16 gradients.
    bool optimize(Adam& optimizer, const at::Tensor& loss, int64_t step);
    void update_ema();
    void finish_autoencoder();
    void encode_captions();
    std::string checkpoint();
    void resume();
    StateFile state_file();
    std::string state_path() const { return o_.out_dir + "/training-state.safetensors"; }
    std::string model_path() const { return o_.out_dir + "/model"; }

    TrainingOptions o_;
    c10::Device device_;
    Placement placement_;
    bool mixed_precision_;
    data::Dataset data_;
    data::ShuffledOrder order_;
    at::Generator rng_;
    TextEncoder text_encoder_;
    Autoencoder vae_;
    UNet unet_;
    Tensors ema_;
    Adam vae_optimizer_, unet_optimizer_;
    NoiseSchedule schedule_ = NoiseSchedule::scaled_linear();
    at::Tensor sqrt_alphas_, sqrt_sigmas_;  // sqrt(alphas_cumprod), sqrt(1 - alphas_cumprod)
    // Every caption's text-encoder output, row 0 the empty caption's; each class's rows.
    at::Tensor caption_tokens_;      // int64 (rows, 77) on the device
    at::Tensor caption_embeddings_;  // their encodings, while the text encoder is frozen
    at::Tensor class_first_, class_count_;  // int64 per label: its first row and how many
    TrainingStage stage_ = TrainingStage::autoencoder;
    int64_t vae_step_ = 0, unet_step_ = 0;
    double loss_scale_ = kInitialLossScale;
    int64_t steps_since_overflow_ = 0;
};

at::Generator seeded(uint64_t seed) { return at::make_generator<at::CPUGeneratorImpl>(seed); }

// What the second stage trains: the UNet, and the text encoder too when asked (its names
// prefixed, so that they stay apart from the UNet's in the optimizer's state).
constexpr const char* kTextPrefix = "text_encoder.";

Tensors denoiser_parameters(UNet& unet, TextEncoder& text_encoder, bool with_text_encoder) {
    Tensors params = unet.weights();
    if (with_text_encoder)
        for (const auto& [name, t] : text_encoder.weights()) params[kTextPrefix + name] = t;
    return params;
}

// The average's tensors of one network: the text encoder's (prefixed) or the UNet's.
Tensors average_of(const Tensors& average, bool text_encoder) {
    Tensors part;
    const std::string prefix = kTextPrefix;
    for (const auto& [name, t] : average) {
        const bool text = name.rfind(prefix, 0) == 0;
        if (text == text_encoder) part[text ? name.substr(prefix.size()) : name] = t;
    }
    return part;
}

Trainer::Trainer(const TrainingOptions& options, c10::Device device, data::Dataset data)
    : o_(options),
      device_(device),
      placement_{device, at::kFloat},
      mixed_precision_(options.mixed_precision && device.is_cuda()),
      data_(std::move(data)),
      order_(data_.images.size(0)),
      rng_(seeded(options.seed)),
      // Each network from its own generator, so that changing one leaves the others' start.
      text_encoder_(TextEncoder::initialized(options.text_encoder, seeded(options.seed + 1), placement_)),
      vae_(Autoencoder::initialized(options.vae, seeded(options.seed + 2), placement_)),
      unet_(UNet::initialized(options.unet, seeded(options.seed + 3), placement_)),
      ema_(detached_clone(denoiser_parameters(unet_, text_encoder_, options.train_text_encoder))),
      vae_optimizer_(vae_.weights(), options.vae_lr, 0.9, 0.999, 1e-8, 0),
      unet_optimizer_(denoiser_parameters(unet_, text_encoder_, options.train_text_encoder),
                      options.lr, 0.9, 0.999, 1e-8, options.weight_decay) {
    for (auto& [name, t] : text_encoder_.weights()) t.requires_grad_(false);
    vae_optimizer_.set_requires_grad(true);
    unet_optimizer_.set_requires_grad(true);
    sqrt_alphas_ = schedule_.alphas_cumprod.sqrt().to(device_);
    sqrt_sigmas_ = (1 - schedule_.alphas_cumprod).sqrt().to(device_);
}

at::Tensor Trainer::images_at(const at::Tensor& indices) const {
    return data_.images.index_select(0, indices).to(device_).to(at::kFloat) / 127.5 - 1;
}

double Trainer::vae_step() {
    const at::Tensor images = images_at(order_.next(o_.vae_batch, rng_));
    at::Tensor loss;
    {
        const AutocastScope autocast(mixed_precision_);
        const LatentDistribution latents = vae_.encode(images);
        const at::Tensor reconstruction = vae_.decode(latents.sample(rng_));
        // KL(N(mean, var) || N(0, 1)) per latent element.
        const at::Tensor kl =
            0.5 * (latents.mean.square() + latents.logvar.exp() - 1 - latents.logvar).mean();
        loss = at::mse_loss(reconstruction.to(at::kFloat), images) + o_.kl_weight * kl.to(at::kFloat);
    }
    optimize(vae_optimizer_, loss, vae_step_);
    ++vae_step_;
    return loss.item<double>();
}

double Trainer::unet_step() {
    const at::Tensor indices = order_.next(o_.batch, rng_);
    const int64_t n = indices.size(0);
    at::Tensor latents;
    {
        const at::InferenceMode inference;
        latents = (vae_.encode(images_at(indices)).sample(rng_) * vae_.config().scaling_factor)
                      .to(at::kFloat);
    }
    latents = latents.clone();  // out of inference mode, so autograd may read it
    // A caption of each image's class, or the empty caption (row 0).
    const at::Tensor labels = data_.labels.index_select(0, indices);
    const at::Tensor pick = at::rand({n}, rng_);
    const at::Tensor dropped = at::rand({n}, rng_) < o_.empty_captions;
    const at::Tensor rows = at::where(
        dropped, at::zeros({n}, at::kLong),
        class_first_.index_select(0, labels) +
            (pick * class_count_.index_select(0, labels).to(at::kDouble)).to(at::kLong));
    const at::Tensor context =
        o_.train_text_encoder ? text_encoder_(caption_tokens_.index_select(0, rows.to(device_)))
                              : caption_embeddings_.index_select(0, rows.to(device_));

    const at::Tensor t = at::randint(schedule_.train_steps(), {n}, rng_, at::kLong).to(device_);
    const at::Tensor noise = at::randn(latents.sizes(), rng_, at::kFloat).to(device_);
    const at::Tensor a = sqrt_alphas_.index_select(0, t).view({n, 1, 1, 1});
    const at::Tensor s = sqrt_sigmas_.index_select(0, t).view({n, 1, 1, 1});
    const at::Tensor noisy = a * latents + s * noise;
    const at::Tensor target = o_.prediction == Prediction::v ? a * noise - s * latents : noise;
    at::Tensor loss;
    {
        const AutocastScope autocast(mixed_precision_);
        loss = at::mse_loss(unet_(noisy, t.to(at::kFloat), context).to(at::kFloat), target);
    }
    if (optimize(unet_optimizer_, loss, unet_step_)) update_ema();
    ++unet_step_;
    return loss.item<double>();
}

bool Trainer::optimize(Adam& optimizer, const at::Tensor& loss, int64_t step) {
    optimizer.zero_grad();
    (mixed_precision_ ? loss * loss_scale_ : loss).backward();
    at::NoGradGuard no_grad;
    at::Tensor norm_squared = at::zeros({}, at::TensorOptions().dtype(at::kDouble).device(device_));
    for (const auto& [name, p] : optimizer.params()) {
        const at::Tensor& g = p.grad();
        if (!g.defined()) continue;
        if (mixed_precision_) g.div_(loss_scale_);
        norm_squared += g.to(at::kDouble).square().sum();
    }
    const double norm = std::sqrt(norm_squared.item<double>());
    if (!std::isfinite(norm)) {
        if (!mixed_precision_)
            fail(LK_ERR_INTERNAL,
                 "training diverged at {} step {}: the gradient is not finite; try a lower "
                 "learning rate",
                 stage_name(stage_), step);
        loss_scale_ /= 2;
        steps_since_overflow_ = 0;
        optimizer.zero_grad();
        return false;
    }
    if (norm > kMaxGradNorm)
        for (const auto& [name, p] : optimizer.params())
            if (p.grad().defined()) p.grad().mul_(kMaxGradNorm / norm);
    const double base = stage_ == TrainingStage::autoencoder ? o_.vae_lr : o_.lr;
    optimizer.set_lr(base * std::min(1.0, double(step + 1) / double(std::max<int64_t>(o_.warmup_steps, 1))));
    optimizer.step();
    if (mixed_precision_ && ++steps_since_overflow_ % kLossScaleGrowthInterval == 0) loss_scale_ *= 2;
    return true;
}

// diffusers' EMAModel decay: (1 + n) / (10 + n), at most ema_decay, so that the average
// forgets the random start quickly in short runs.
void Trainer::update_ema() {
    at::NoGradGuard no_grad;
    const double n = double(unet_optimizer_.steps());
    const double decay = std::min(o_.ema_decay, (1 + n) / (10 + n));
    for (auto& [name, average] : ema_)
        average.lerp_(unet_optimizer_.params().at(name).detach(), 1 - decay);
}

// The scaling factor that gives the UNet latents of unit standard deviation, measured on the
// means of up to 1024 training images (the first ones: no randomness, so resuming agrees).
void Trainer::finish_autoencoder() {
    const at::InferenceMode inference;
    const int64_t n = std::min<int64_t>(1024, data_.images.size(0));
    std::vector<at::Tensor> means;
    for (int64_t i = 0; i < n; i += o_.vae_batch) {
        const int64_t count = std::min(o_.vae_batch, n - i);
        const at::Tensor indices = at::arange(i, i + count, at::kLong);
        means.push_back(vae_.encode(images_at(indices)).mean.to(at::kFloat));
    }
    const double deviation = at::cat(means).std().item<double>();
    AutoencoderConfig config = vae_.config();
    config.scaling_factor = 1 / std::max(deviation, 1e-6);
    vae_ = Autoencoder(config, vae_.weights(), placement_);
    stage_ = TrainingStage::unet;
}

void Trainer::encode_captions() {
    const ClipTokenizer tokenizer = ClipTokenizer::from_files(o_.tokenizer_dir + "/vocab.json",
                                                              o_.tokenizer_dir + "/merges.txt");
    std::vector<int32_t> ids;
    const auto add = [&](const std::string& caption) {
        const PromptWindows windows = tokenizer.windows(caption);
        ids.insert(ids.end(), windows.ids.begin(), windows.ids.begin() + ClipTokenizer::kWindowLength);
    };
    add("");
    std::vector<int64_t> first, count;
    for (const std::vector<std::string>& captions : o_.class_captions) {
        first.push_back(int64_t(ids.size() / ClipTokenizer::kWindowLength));
        count.push_back(int64_t(captions.size()));
        for (const std::string& caption : captions) add(caption);
    }
    const int64_t rows = int64_t(ids.size() / ClipTokenizer::kWindowLength);
    caption_tokens_ =
        at::from_blob(ids.data(), {rows, int64_t(ClipTokenizer::kWindowLength)}, at::kInt)
            .to(at::kLong)
            .to(device_);
    class_first_ = at::tensor(first, at::kLong);
    class_count_ = at::tensor(count, at::kLong);
    if (o_.train_text_encoder) return;
    const at::InferenceMode inference;
    caption_embeddings_ = text_encoder_(caption_tokens_).to(at::kFloat).clone();
}

StateFile Trainer::state_file() {
    StateFile state;
    state.format = kStateFormat;
    state.config = training_config(o_);
    state.groups = {{"text_encoder.", &text_encoder_.weights()},
                    {"vae.", &vae_.weights()},
                    {"unet.", &unet_.weights()},
                    {"unet_ema.", &ema_}};
    return state;
}

std::string Trainer::checkpoint() {
    StateFile state = state_file();
    Tensors vae_moments = vae_optimizer_.state(), unet_moments = unet_optimizer_.state();
    Tensors extra{{"rng", rng_.get_state()}};
    if (order_.permutation().defined()) extra["order"] = order_.permutation();
    state.groups.push_back({"vae_opt.", &vae_moments});
    state.groups.push_back({"unet_opt.", &unet_moments});
    state.groups.push_back({"", &extra});  // written, and read back by name in resume()
    state.progress = json{{"stage", stage_name(stage_)},
                          {"vae_step", vae_step_},
                          {"unet_step", unet_step_},
                          {"vae_optimizer_steps", vae_optimizer_.steps()},
                          {"unet_optimizer_steps", unet_optimizer_.steps()},
                          {"position", order_.position()},
                          {"loss_scale", loss_scale_},
                          {"steps_since_overflow", steps_since_overflow_},
                          {"scaling_factor", vae_.config().scaling_factor}}
                         .dump();
    write_state_file(state_path(), state);

    // The model users get: the moving average of the UNet (and of the text encoder when it is
    // trained) beside the trained autoencoder.
    const Placement cpu{c10::kCPU, at::kFloat};
    StableDiffusion model{ClipTokenizer::from_files(o_.tokenizer_dir + "/vocab.json",
                                                    o_.tokenizer_dir + "/merges.txt"),
                          TextEncoder(text_encoder_.config(),
                                      o_.train_text_encoder ? average_of(ema_, true)
                                                            : text_encoder_.weights(),
                                      cpu),
                          UNet(unet_.config(), average_of(ema_, false), cpu),
                          Autoencoder(vae_.config(), vae_.weights(), cpu),
                          schedule_,
                          o_.prediction,
                          model_path()};
    // Stored in float16, as SD checkpoints are shipped; loading converts them back. The models
    // do not run in float16 on the CPU, so only the copies written are converted.
    if (o_.save_float16)
        for (Weights* weights : {&model.text_encoder.weights(), &model.unet.weights(), &model.vae.weights()})
            for (auto& [name, t] : *weights) t = t.to(at::kHalf);
    save_diffusers_folder(model, o_.tokenizer_dir, model_path());
    return state_path();
}

void Trainer::resume() {
    StateFile state = state_file();
    Tensors vae_moments = vae_optimizer_.state(), unet_moments = unet_optimizer_.state();
    state.groups.push_back({"vae_opt.", &vae_moments});
    state.groups.push_back({"unet_opt.", &unet_moments});
    const io::SafetensorsFile file = read_state_file(o_.resume, state);
    if (!file.contains("rng"))
        fail(LK_ERR_FORMAT, "{}: tensor rng is missing", printable(o_.resume));
    try {
        const json progress = json::parse(state.progress);
        stage_ = progress.at("stage").get<std::string>() == "unet" ? TrainingStage::unet
                                                                  : TrainingStage::autoencoder;
        vae_step_ = progress.at("vae_step").get<int64_t>();
        unet_step_ = progress.at("unet_step").get<int64_t>();
        loss_scale_ = progress.at("loss_scale").get<double>();
        steps_since_overflow_ = progress.at("steps_since_overflow").get<int64_t>();
        vae_optimizer_.load_state(vae_moments, progress.at("vae_optimizer_steps").get<int64_t>());
        unet_optimizer_.load_state(unet_moments, progress.at("unet_optimizer_steps").get<int64_t>());
        AutoencoderConfig config = vae_.config();
        config.scaling_factor = progress.at("scaling_factor").get<double>();
        vae_ = Autoencoder(config, vae_.weights(), placement_);
        if (file.contains("order"))
            order_.restore(file.tensor("order").clone(), progress.at("position").get<int64_t>());
    } catch (const json::exception& e) {
        fail(LK_ERR_FORMAT, "{}: malformed \"likeness.progress\": {}", printable(o_.resume), e.what());
    }
    rng_.set_state(file.tensor("rng").clone());
}

TrainingResult Trainer::run(const TrainingCallback& callback, const Context* context) {
    std::filesystem::create_directories(o_.out_dir);
    if (!o_.resume.empty()) resume();
    encode_captions();
    std::ofstream log(o_.out_dir + "/log.jsonl", std::ios::app);
    if (!log) io::fail_io("open", o_.out_dir + "/log.jsonl", errno);

    using clock = std::chrono::steady_clock;
    const auto start = clock::now();
    auto report_start = start;
    double loss_sum = 0;
    int64_t loss_count = 0;
    TrainingResult result;
    result.model = model_path();
    result.state = state_path();
    while (true) {
        if (stage_ == TrainingStage::autoencoder && vae_step_ >= o_.vae_steps) finish_autoencoder();
        const bool autoencoder = stage_ == TrainingStage::autoencoder;
        if (!autoencoder && unet_step_ >= o_.steps) break;
        loss_sum += autoencoder ? vae_step() : unet_step();
        ++loss_count;
        const int64_t step = autoencoder ? vae_step_ : unet_step_;
        const int64_t steps = autoencoder ? o_.vae_steps : o_.steps;
        if (context && context->interrupted()) {
            checkpoint();
            fail(LK_ERR_CANCELLED,
                 "training interrupted at {} step {}; state {} and model {} written",
                 stage_name(stage_), step, printable(state_path()), printable(model_path()));
        }
        const bool stage_done = step >= steps;
        const bool report = stage_done || step % o_.log_every == 0;
        const bool save = (!autoencoder && stage_done) || step % o_.checkpoint_every == 0;
        if (!report && !save) continue;
        const auto now = clock::now();
        TrainingProgress p;
        p.stage = stage_;
        p.step = step;
        p.steps = steps;
        p.loss = loss_sum / double(std::max<int64_t>(loss_count, 1));
        p.seconds = std::chrono::duration<double>(now - start).count();
        p.seconds_per_step =
            std::chrono::duration<double>(now - report_start).count() / double(std::max<int64_t>(loss_count, 1));
        if (save) p.checkpoint = checkpoint();
        const bool keep_going = !callback || callback(p);
        if (!keep_going && !save) p.checkpoint = checkpoint();
        log << json{{"stage", stage_name(p.stage)}, {"step", p.step},
                    {"loss", p.loss},               {"seconds", p.seconds},
                    {"seconds_per_step", p.seconds_per_step},
                    {"checkpoint", p.checkpoint}}
                   .dump()
            << std::endl;
        report_start = clock::now();
        loss_sum = 0;
        loss_count = 0;
        if (!keep_going) {
            result.stage = stage_;
            result.step = step;
            result.stopped = true;
            return result;
        }
    }
    result.stage = stage_;
    result.step = unet_step_;
    return result;
}

}  // namespace

const char* stage_name(TrainingStage stage) {
    return stage == TrainingStage::autoencoder ? "autoencoder" : "unet";
}

UNetConfig TrainingOptions::small_unet() {
    UNetConfig c;
    c.sample_size = 8;
    c.block_out_channels = {32, 64, 64};
    c.cross_attention = {false, true, true};
    c.layers_per_block = 1;
    c.cross_attention_dim = 64;
    c.attention_heads = {4};
    c.norm_num_groups = 8;
    return c;
}

AutoencoderConfig TrainingOptions::small_autoencoder() {
    AutoencoderConfig c;
    c.block_out_channels = {16, 32, 32};
    c.layers_per_block = 1;
    c.norm_num_groups = 8;
    c.sample_size = 32;
    return c;
}

TextEncoderConfig TrainingOptions::small_text_encoder() {
    TextEncoderConfig c;
    c.hidden_size = 64;
    c.intermediate_size = 256;
    c.num_hidden_layers = 2;
    c.num_attention_heads = 2;
    return c;
}

void TrainingOptions::validate() const {
    const auto check = [](bool ok, const char* name, auto value, const char* expected) {
        if (!ok)
            fail(LK_ERR_INVALID_ARGUMENT, "training option {} is {}, expected {}", name, value,
                 expected);
    };
    check(!out_dir.empty(), "out_dir", "empty", "a folder to write to");
    check(resolution >= 8 && resolution <= 1024 && (resolution & (resolution - 1)) == 0,
          "resolution", resolution, "a power of two in [8, 1024]");
    check(resolution % vae.downscale() == 0 &&
              resolution / vae.downscale() % (int64_t{1} << (unet.block_out_channels.size() - 1)) == 0,
          "resolution", resolution,
          "a multiple of the autoencoder's downscale times the UNet's (2^(blocks - 1) each)");
    for (const int64_t width : unet.block_out_channels)
        check(width >= 1 && width % unet.norm_num_groups == 0, "unet.block_out_channels", width,
              "a multiple of unet.norm_num_groups");
    for (const int64_t width : vae.block_out_channels)
        check(width >= 1 && width % vae.norm_num_groups == 0, "vae.block_out_channels", width,
              "a multiple of vae.norm_num_groups");
    check(text_encoder.hidden_size >= 1 && text_encoder.num_hidden_layers >= 1 &&
              text_encoder.hidden_size % text_encoder.num_attention_heads == 0,
          "text_encoder.hidden_size", text_encoder.hidden_size,
          "a positive multiple of num_attention_heads, with at least one layer");
    check(unet.cross_attention_dim == text_encoder.hidden_size, "unet.cross_attention_dim",
          unet.cross_attention_dim, "the text encoder's hidden_size");
    check(unet.in_channels == vae.latent_channels && unet.out_channels == vae.latent_channels,
          "unet.in_channels", unet.in_channels, "the autoencoder's latent_channels (a text-to-image UNet)");
    check(vae.in_channels == 3 && vae.out_channels == 3, "vae.in_channels", vae.in_channels, "3");
    check(empty_captions >= 0 && empty_captions <= 1, "empty_captions", empty_captions, "in [0, 1]");
    check(vae_steps >= 0, "vae_steps", vae_steps, "0 or more");
    check(steps >= 1, "steps", steps, "1 or more");
    check(vae_batch >= 1 && vae_batch <= 4096, "vae_batch", vae_batch, "in [1, 4096]");
    check(batch >= 1 && batch <= 4096, "batch", batch, "in [1, 4096]");
    check(std::isfinite(vae_lr) && vae_lr > 0 && vae_lr < 1, "vae_lr", vae_lr, "in (0, 1)");
    check(std::isfinite(lr) && lr > 0 && lr < 1, "lr", lr, "in (0, 1)");
    check(std::isfinite(kl_weight) && kl_weight >= 0, "kl_weight", kl_weight, "0 or more");
    check(std::isfinite(weight_decay) && weight_decay >= 0 && weight_decay < 1, "weight_decay",
          weight_decay, "in [0, 1)");
    check(warmup_steps >= 0, "warmup_steps", warmup_steps, "0 or more");
    check(ema_decay >= 0 && ema_decay < 1, "ema_decay", ema_decay, "in [0, 1)");
    check(log_every >= 1, "log_every", log_every, "1 or more");
    check(checkpoint_every >= 1, "checkpoint_every", checkpoint_every, "1 or more");
}

TrainingResult train(TrainingOptions options, c10::Device device, const TrainingCallback& callback,
                     const Context* context) {
    if (options.class_captions.empty()) options.class_captions = fashion_mnist_captions();
    if (options.tokenizer_dir.empty()) options.tokenizer_dir = default_tokenizer_dir();
    options.validate();
    data::Dataset data = data::load_dataset(options.data, options.resolution, 3, context);
    if (!data.labels.defined())
        fail(LK_ERR_INVALID_ARGUMENT,
             "{} has no class labels, and text-to-image training captions images by their class",
             data.description);
    if (data.images.size(0) < 1) fail(LK_ERR_INVALID_ARGUMENT, "{} holds no images", data.description);
    if (data.num_classes > int64_t(options.class_captions.size()))
        fail(LK_ERR_INVALID_ARGUMENT, "{} has {} classes, but captions were given for {}",
             data.description, data.num_classes, options.class_captions.size());
    for (size_t label = 0; label < options.class_captions.size(); ++label)
        if (options.class_captions[label].empty())
            fail(LK_ERR_INVALID_ARGUMENT, "class {} has no captions", label);
    Trainer trainer(options, device, std::move(data));
    return trainer.run(callback, context);
}

}  // namespace lk::diffusion
