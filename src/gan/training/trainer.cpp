#include "gan/training/trainer.h"

#include "core/error.h"
#include "data/dataset.h"
#include "data/shuffled_order.h"
#include "gan/discriminator.h"
#include "gan/mapping.h"
#include "gan/seeds.h"
#include "gan/synthesis.h"
#include "core/adam.h"
#include "gan/training/augment.h"
#include "gan/training/initialization.h"
#include "gan/model_file.h"
#include "gan/training/state.h"
#include "io/file.h"
#include "io/image_file.h"
#include "io/safetensors.h"
#include "kernels/image_tensor.h"

#include <ATen/CPUGeneratorImpl.h>
#include <ATen/Context.h>
#include <ATen/TensorOperators.h>
#include <ATen/core/grad_mode.h>
#include <ATen/ops/arange.h>
#include <ATen/ops/cat.h>
#include <ATen/ops/flip.h>
#include <ATen/ops/lerp.h>
#include <ATen/ops/mean.h>
#include <ATen/ops/one_hot.h>
#include <ATen/ops/rand.h>
#include <ATen/ops/randint.h>
#include <ATen/ops/randn.h>
#include <ATen/ops/randn_like.h>
#include <ATen/ops/randperm.h>
#include <ATen/ops/softplus.h>
#include <ATen/ops/sqrt.h>
#include <ATen/ops/square.h>
#include <ATen/ops/sum.h>
#include <ATen/ops/where.h>
#include <fmt/format.h>
#include <nlohmann/json.hpp>
#include <torch/csrc/autograd/autograd.h>

#include <cerrno>
#include <chrono>
#include <cmath>
#include <filesystem>
#include <fstream>

namespace lk::gan {
namespace {

using nlohmann::json;

json generator_config(const TrainingOptions& o, int64_t c_dim) {
    return {{"z_dim", o.z_dim},
            {"c_dim", c_dim},
            {"w_dim", o.w_dim},
            {"img_resolution", o.resolution},
            {"img_channels", o.channels},
            {"mapping_kwargs", {{"num_layers", o.mapping_layers}}},
            {"synthesis_kwargs", {{"channel_base", o.channel_base}, {"channel_max", o.channel_max}}}};
}

json discriminator_config(const TrainingOptions& o, int64_t c_dim) {
    return {{"c_dim", c_dim},
            {"img_resolution", o.resolution},
            {"img_channels", o.channels},
            {"architecture", "resnet"},
            {"channel_base", o.channel_base},
            {"channel_max", o.channel_max},
            {"block_kwargs", json::object()},
            {"mapping_kwargs", json::object()},
            {"epilogue_kwargs", {{"mbstd_group_size", o.mbstd_group}}}};
}

Weights parameters_of(const Weights& weights) {
    Weights params;
    for (const auto& [name, t] : weights)
        if (is_parameter(name)) params[name] = t;
    return params;
}

Weights clone(const Weights& weights) {
    Weights copy;
    for (const auto& [name, t] : weights) copy[name] = t.detach().clone();
    return copy;
}

// The training networks: G (trained), G_ema (its moving average), D, sharing tensors with the
// Weights maps that the optimizers and the state file see.
struct Networks {
    GeneratorConfig g_config;
    DiscriminatorConfig d_config;
    Weights g, g_ema, d;
    Mapping g_mapping, ema_mapping;
    Synthesis g_synthesis, ema_synthesis;
    Discriminator discriminator;

    Networks(const GeneratorConfig& gc, const DiscriminatorConfig& dc, at::Generator& rng,
             c10::Device device)
        : g_config(gc),
          d_config(dc),
          g(initial_weights(gc, rng, device)),
          g_ema(clone(g)),
          d(initial_weights(dc, rng, device)),
          g_mapping("mapping", gc.z_dim, gc.c_dim, gc.num_ws(), gc.mapping, g),
          ema_mapping("mapping", gc.z_dim, gc.c_dim, gc.num_ws(), gc.mapping, g_ema),
          g_synthesis(gc, g),
          ema_synthesis(gc, g_ema),
          discriminator(dc, d) {}
};

class Trainer {
public:
    Trainer(const TrainingOptions& options, c10::Device device, const data::Dataset& data)
        : o_(options),
          device_(device),
          data_(data),
          c_dim_(options.conditional ? data.num_classes : 0),
          g_json_(generator_config(options, c_dim_).dump()),
          d_json_(discriminator_config(options, c_dim_).dump()),
          rng_(at::make_generator<at::CPUGeneratorImpl>(options.seed)),
          nets_(GeneratorConfig::parse(g_json_), DiscriminatorConfig::parse(d_json_), rng_, device),
          // Lazy regularization runs every k minibatches with k times the weight; Adam's
          // learning rate and betas are rescaled so that the sum of both phases moves the
          // weights as the non-lazy optimizer would.
          g_opt_(parameters_of(nets_.g), lr_for(options.pl_weight > 0, options.pl_interval),
                 0, beta2_for(options.pl_weight > 0, options.pl_interval)),
          d_opt_(parameters_of(nets_.d), lr_for(true, options.r1_interval), 0,
                 beta2_for(true, options.r1_interval)),
          ada_(options.ada_target, options.ada_kimg, 4),
          order_(data.images.size(0)) {
        if (o_.augment == "fixed") ada_.set_p(o_.augment_p);
        at::manual_seed(o_.seed);
    }

    TrainingResult run(const TrainingCallback& callback, const Context* context);

private:
    double lr_for(bool lazy, int64_t interval) const {
        return lazy ? o_.lr * double(interval) / double(interval + 1) : o_.lr;
    }
    double beta2_for(bool lazy, int64_t interval) const {
        return lazy ? std::pow(0.99, double(interval) / double(interval + 1)) : 0.99;
    }

    at::Tensor random_labels(int64_t n);
    std::pair<at::Tensor, at::Tensor> real_batch();
    at::Tensor run_g(const at::Tensor& z, const at::Tensor& c, at::Tensor* ws_out = nullptr);
    at::Tensor run_d(const at::Tensor& img, const at::Tensor& c);
    double g_main();
    double g_path_length();
    double d_main();
    double d_r1();
    void update_ema();
    void write_samples(const std::string& path);
    void write_reals(const std::string& path);
    std::string snapshot(double kimg);
    std::string state_path() const { return o_.out_dir + "/training-state.safetensors"; }

    TrainingOptions o_;
    c10::Device device_;
    const data::Dataset& data_;
    int64_t c_dim_;
    std::string g_json_, d_json_;  // the networks' configs as stored in files
    at::Generator rng_;
    Networks nets_;
    Adam g_opt_, d_opt_;
    AdaptiveAugment ada_;
    data::ShuffledOrder order_;
    int64_t iteration_ = 0;
    int64_t nimg_ = 0;
    double pl_mean_ = 0;
};

at::Tensor Trainer::random_labels(int64_t n) {
    if (c_dim_ == 0) return at::Tensor();
    // Labels as often as the data has them: drawn from the labels of random real images.
    const at::Tensor index = at::randint(data_.labels.size(0), {n}, rng_, at::kLong);
    return at::one_hot(data_.labels.index_select(0, index), c_dim_).to(device_, at::kFloat);
}

std::pair<at::Tensor, at::Tensor> Trainer::real_batch() {
    const at::Tensor index = order_.next(o_.batch, rng_);
    at::Tensor images = data_.images.index_select(0, index).to(device_).to(at::kFloat) / 127.5 - 1;
    if (o_.mirror) {
        const at::Tensor flip = (at::rand({o_.batch, 1, 1, 1}, rng_) < 0.5).to(device_);
        images = at::where(flip, images.flip({3}), images);
    }
    at::Tensor labels;
    if (c_dim_ > 0)
        labels = at::one_hot(data_.labels.index_select(0, index), c_dim_).to(device_, at::kFloat);
    return {images, labels};
}

at::Tensor Trainer::run_g(const at::Tensor& z, const at::Tensor& c, at::Tensor* ws_out) {
    at::Tensor ws = nets_.g_mapping(z, c, 1, std::nullopt);
    {
        // The average w that truncation pulls towards, tracked as NVIDIA tracks it.
        at::NoGradGuard no_grad;
        at::Tensor& w_avg = nets_.g.at("mapping.w_avg");
        w_avg.copy_(ws.select(1, 0).detach().mean({0}).lerp(w_avg, 0.995));
    }
    const int64_t num_ws = ws.size(1);
    if (o_.style_mixing > 0 && num_ws > 1 &&
        at::rand({1}, rng_).item<double>() < o_.style_mixing) {
        const int64_t cutoff = at::randint(1, num_ws, {1}, rng_, at::kLong).item<int64_t>();
        const at::Tensor other =
            nets_.g_mapping(at::randn(z.sizes(), rng_, z.options().device(at::kCPU)).to(device_), c,
                            1, std::nullopt);
        ws = at::cat({ws.narrow(1, 0, cutoff), other.narrow(1, cutoff, num_ws - cutoff)}, 1);
    }
    if (ws_out) *ws_out = ws;
    return nets_.g_synthesis(ws, NoiseMode::Random);
}

at::Tensor Trainer::run_d(const at::Tensor& img, const at::Tensor& c) {
    return nets_.discriminator(augment(img, ada_.p(), rng_), c);
}

at::Tensor latents(at::Generator& rng, int64_t n, int64_t dim, c10::Device device) {
    return at::randn({n, dim}, rng, at::kFloat).to(device);
}

double Trainer::g_main() {
    g_opt_.set_requires_grad(true);
    d_opt_.set_requires_grad(false);
    const at::Tensor c = random_labels(o_.batch);
    const at::Tensor img = run_g(latents(rng_, o_.batch, o_.z_dim, device_), c);
    const at::Tensor loss = at::softplus(-run_d(img, c)).mean();
    g_opt_.zero_grad();
    loss.backward();
    g_opt_.step();
    return loss.item<double>();
}

// How far the image moves for a random step in w, pulled towards its running mean: keeps the
// generator's mapping from w to images smooth. Half the batch, as NVIDIA's pl_batch_shrink.
double Trainer::g_path_length() {
    const int64_t n = std::max<int64_t>(1, o_.batch / 2);
    const at::Tensor c = random_labels(n);
    at::Tensor ws;
    const at::Tensor img = run_g(latents(rng_, n, o_.z_dim, device_), c, &ws);
    const at::Tensor noise =
        at::randn(img.sizes(), rng_, at::kFloat).to(device_) / std::sqrt(double(img.size(2) * img.size(3)));
    const at::Tensor grads = torch::autograd::grad({(img * noise).sum()}, {ws}, {}, true, true)[0];
    const at::Tensor lengths = grads.square().sum({2}).mean({1}).sqrt();
    pl_mean_ = pl_mean_ + (lengths.mean().item<double>() - pl_mean_) * 0.01;
    const at::Tensor penalty = (lengths - pl_mean_).square();
    // The zero term keeps every image in the graph, as NVIDIA does.
    const at::Tensor loss =
        (img.select(1, 0).select(1, 0).select(1, 0) * 0 + penalty * o_.pl_weight).mean() *
        double(o_.pl_interval);
    g_opt_.zero_grad();
    loss.backward();
    g_opt_.step();
    return penalty.mean().item<double>();
}

double Trainer::d_main() {
    g_opt_.set_requires_grad(false);
    d_opt_.set_requires_grad(true);
    const at::Tensor c = random_labels(o_.batch);
    at::Tensor fake;
    {
        at::NoGradGuard no_grad;
        fake = run_g(latents(rng_, o_.batch, o_.z_dim, device_), c);
    }
    const at::Tensor loss_fake = at::softplus(run_d(fake, c)).mean();
    const auto [real, real_c] = real_batch();
    const at::Tensor real_logits = run_d(real, real_c);
    const at::Tensor loss = loss_fake + at::softplus(-real_logits).mean();
    d_opt_.zero_grad();
    loss.backward();
    d_opt_.step();
    if (o_.augment == "ada") ada_.observe(real_logits);
    nimg_ += o_.batch;
    return loss.item<double>();
}

// R1: the squared gradient of D's output with respect to real images, which keeps D flat on
// the data.
double Trainer::d_r1() {
    const auto [real, real_c] = real_batch();
    const at::Tensor x = real.detach().requires_grad_(true);
    const at::Tensor logits = run_d(x, real_c);
    const at::Tensor grads = torch::autograd::grad({logits.sum()}, {x}, {}, true, true)[0];
    const at::Tensor penalty = grads.square().sum({1, 2, 3});
    const at::Tensor loss =
        (logits.reshape({-1}) * 0 + penalty * (o_.gamma / 2)).mean() * double(o_.r1_interval);
    d_opt_.zero_grad();
    loss.backward();
    d_opt_.step();
    return penalty.mean().item<double>();
}

void Trainer::update_ema() {
    at::NoGradGuard no_grad;
    double ema_nimg = o_.ema_kimg * 1000;
    if (o_.ema_rampup > 0) ema_nimg = std::min(ema_nimg, double(nimg_) * o_.ema_rampup);
    const double beta = std::pow(0.5, double(o_.batch) / std::max(ema_nimg, 1e-8));
    for (auto& [name, ema] : nets_.g_ema) {
        const at::Tensor& p = nets_.g.at(name);
        if (is_parameter(name))
            ema.copy_(p.detach().lerp(ema, beta));
        else
            ema.copy_(p);
    }
}

// A square grid of n = rows^2 images (N, C, R, R) in [-1, 1] -> one uint8 image.
void save_grid(const at::Tensor& images, int64_t rows, const std::string& path) {
    const at::Tensor pixels = tensor_to_images(images.to(at::kCPU), 127.5f, 127.5f);  // N H W C
    const int64_t r = pixels.size(1), c = pixels.size(3);
    const at::Tensor grid =
        pixels.reshape({rows, rows, r, r, c}).permute({0, 2, 1, 3, 4}).contiguous().reshape(
            {rows * r, rows * r, c});
    const lk_image_view view{uint32_t(rows * r), uint32_t(rows * r), uint32_t(c),
                             uint32_t(rows * r * c), grid.data_ptr<uint8_t>()};
    io::save_image(view, path, LK_IMAGE_FORMAT_PNG, 90);
}

constexpr int64_t grid_rows = 8;

void Trainer::write_samples(const std::string& path) {
    at::NoGradGuard no_grad;
    const int64_t n = grid_rows * grid_rows;
    std::vector<int64_t> seeds(n);
    for (int64_t i = 0; i < n; ++i) seeds[i] = i;
    const at::Tensor z = latents_from_seeds(seeds, o_.z_dim).to(device_);
    at::Tensor c;
    if (c_dim_ > 0)  // one class per row
        c = at::one_hot(at::arange(n, at::kLong).div(grid_rows, "floor").remainder(c_dim_), c_dim_)
                .to(device_, at::kFloat);
    const at::Tensor ws = nets_.ema_mapping(z, c, 1, std::nullopt);
    save_grid(nets_.ema_synthesis(ws, NoiseMode::Const), grid_rows, path);
}

void Trainer::write_reals(const std::string& path) {
    const int64_t n = std::min<int64_t>(grid_rows * grid_rows, data_.images.size(0));
    const int64_t rows = int64_t(std::sqrt(double(n)));
    save_grid(data_.images.narrow(0, 0, rows * rows).to(at::kFloat) / 127.5 - 1, rows, path);
}

std::string Trainer::snapshot(double kimg) {
    const std::string tag = fmt::format("{:06d}", int64_t(kimg));
    const std::string path = o_.out_dir + "/network-snapshot-" + tag + ".safetensors";
    write_generator(path, nets_.g_config, g_json_, nets_.g_ema,
                    "likeness gan train, " + tag + " kimg");
    write_samples(o_.out_dir + "/samples-" + tag + ".png");
    TrainingState state{g_json_, d_json_,
                        nets_.g, nets_.g_ema, nets_.d, g_opt_.state(), d_opt_.state(),
                        g_opt_.steps(), d_opt_.steps(), iteration_, nimg_, ada_.p(), pl_mean_};
    write_training_state(state_path(), state);
    return path;
}

TrainingResult Trainer::run(const TrainingCallback& callback, const Context* context) {
    std::filesystem::create_directories(o_.out_dir);
    if (!o_.resume.empty()) {
        TrainingState state{g_json_,
                            d_json_, nets_.g, nets_.g_ema, nets_.d,
                            g_opt_.state(), d_opt_.state()};
        read_training_state(o_.resume, state);
        g_opt_.load_state(state.g_optimizer, state.g_steps);
        d_opt_.load_state(state.d_optimizer, state.d_steps);
        iteration_ = state.iteration;
        nimg_ = state.nimg;
        if (o_.augment == "ada") ada_.set_p(state.augment_p);
        pl_mean_ = state.pl_mean;
        // A resumed run draws other numbers than the first run drew from the same point.
        rng_ = at::make_generator<at::CPUGeneratorImpl>(o_.seed + uint64_t(iteration_));
        at::manual_seed(o_.seed + uint64_t(iteration_));
    } else {
        write_reals(o_.out_dir + "/reals.png");
    }
    std::ofstream log(o_.out_dir + "/log.jsonl", std::ios::app);
    if (!log) io::fail_io("open", o_.out_dir + "/log.jsonl", errno);

    using clock = std::chrono::steady_clock;
    const auto start = clock::now();
    auto tick_start = start;
    int64_t tick_start_nimg = nimg_, ticks = 0;
    double sum_g = 0, sum_d = 0, sum_r1 = 0, sum_pl = 0;
    int64_t count_g = 0, count_d = 0, count_r1 = 0, count_pl = 0;
    const int64_t total_nimg = int64_t(o_.kimg * 1000);
    TrainingResult result;
    result.state = state_path();
    while (true) {
        sum_g += g_main(), ++count_g;
        if (o_.pl_weight > 0 && iteration_ % o_.pl_interval == 0) sum_pl += g_path_length(), ++count_pl;
        sum_d += d_main(), ++count_d;
        if (o_.gamma > 0 && iteration_ % o_.r1_interval == 0) sum_r1 += d_r1(), ++count_r1;
        update_ema();
        ++iteration_;
        if (context && context->interrupted()) {
            const std::string path = snapshot(double(nimg_) / 1000);
            fail(LK_ERR_CANCELLED, "training interrupted at {} kimg; snapshot {} and state {} written",
                 double(nimg_) / 1000, printable(path), printable(state_path()));
        }

        const bool done = nimg_ >= total_nimg;
        if (!done && nimg_ < tick_start_nimg + int64_t(o_.tick_kimg * 1000)) continue;
        ++ticks;
        const auto now = clock::now();
        TrainingProgress p;
        p.kimg = double(nimg_) / 1000;
        p.total_kimg = o_.kimg;
        p.seconds = std::chrono::duration<double>(now - start).count();
        p.seconds_per_kimg = std::chrono::duration<double>(now - tick_start).count() /
                             (double(nimg_ - tick_start_nimg) / 1000);
        p.loss_g = sum_g / std::max<int64_t>(count_g, 1);
        p.loss_d = sum_d / std::max<int64_t>(count_d, 1);
        p.loss_r1 = sum_r1 / std::max<int64_t>(count_r1, 1);
        p.loss_pl = sum_pl / std::max<int64_t>(count_pl, 1);
        p.augment_p = ada_.p();
        p.real_sign = ada_.last_sign();
        bool keep_going = !done;
        const bool snapshot_now = done || ticks % o_.snapshot_ticks == 0;
        if (snapshot_now) result.snapshot = p.snapshot = snapshot(p.kimg);
        if (callback && !callback(p)) keep_going = false;
        if (!keep_going && !snapshot_now) result.snapshot = snapshot(p.kimg);
        log << json{{"kimg", p.kimg},         {"seconds", p.seconds},
                    {"sec_per_kimg", p.seconds_per_kimg},
                    {"loss_G", p.loss_g},     {"loss_D", p.loss_d},
                    {"r1_penalty", p.loss_r1}, {"pl_penalty", p.loss_pl},
                    {"augment_p", p.augment_p}, {"D_real_sign", p.real_sign},
                    {"snapshot", result.snapshot}}
                   .dump()
            << std::endl;
        if (!keep_going) {
            result.kimg = p.kimg;
            result.stopped = !done;
            return result;
        }
        tick_start = now;
        tick_start_nimg = nimg_;
        sum_g = sum_d = sum_r1 = sum_pl = 0;
        count_g = count_d = count_r1 = count_pl = 0;
    }
}

}  // namespace

TrainingResult train(TrainingOptions options, c10::Device device, const TrainingCallback& callback,
                     const Context* context) {
    options.resolve();
    const data::Dataset data =
        data::load_dataset(options.data, options.resolution, options.channels, context);
    if (options.conditional && (!data.labels.defined() || data.num_classes < 1))
        fail(LK_ERR_INVALID_ARGUMENT,
             "conditional training needs class labels, and {} has none", data.description);
    if (data.images.size(0) < 1)
        fail(LK_ERR_INVALID_ARGUMENT, "{} holds no images", data.description);
    Trainer trainer(options, device, data);
    return trainer.run(callback, context);
}

}  // namespace lk::gan
