// Generation throughput of lk::gan::Generator (mapping + synthesis, images per second) against a
// straightforward libtorch composition of the same network and weights: plain ATen ops
// (addmm, leaky_relu, grouped conv2d, conv_transpose2d followed by conv2d for the FIR filter),
// none of our kernels. A StyleGAN2 like FFHQ's, cut down for a small CPU: 64 px, 256 channels,
// 512-dimensional z and w, 8 mapping layers, conv_clamp 256, constant noise. Random weights,
// written to a generator file and loaded as a user would load one.
#include "gan/generator.h"
#include "io/safetensors.h"
#include "versus_stock.h"

#include <ATen/ATen.h>
#include <benchmark/benchmark.h>
#include <c10/core/InferenceMode.h>

#include <cmath>
#include <filesystem>
#include <map>
#include <string>
#include <unistd.h>
#include <utility>
#include <vector>

namespace {

using lk::bench::compare;
using lk::gan::GeneratorConfig;

constexpr const char* config_json = R"({
    "z_dim": 512, "c_dim": 0, "w_dim": 512, "img_resolution": 64, "img_channels": 3,
    "mapping_kwargs": {"num_layers": 8},
    "synthesis_kwargs": {"channel_base": 32768, "channel_max": 256, "conv_clamp": 256}})";

bool ends_with(const std::string& text, const std::string& tail) {
    return text.size() >= tail.size() && text.compare(text.size() - tail.size(), tail.size(), tail) == 0;
}

// Values in the ranges training leaves: the affine biases at NVIDIA's initial 1, so that styles
// stay near 1; the normalized [1, 3, 3, 1] filter.
std::map<std::string, at::Tensor> random_weights(const GeneratorConfig& config) {
    at::manual_seed(1);
    const at::Tensor taps = at::tensor({1.0f, 3.0f, 3.0f, 1.0f});
    const at::Tensor filter = at::outer(taps, taps) / 64;
    std::map<std::string, at::Tensor> weights;
    for (const lk::gan::TensorSpec& spec : config.tensors()) {
        at::Tensor t;
        if (ends_with(spec.name, "resample_filter")) t = filter;
        else if (ends_with(spec.name, "affine.bias")) t = at::ones(spec.shape);
        else if (ends_with(spec.name, "noise_strength")) t = at::full(spec.shape, 0.1f);
        else if (ends_with(spec.name, "bias") || ends_with(spec.name, "w_avg"))
            t = at::randn(spec.shape) * 0.1;
        else t = at::randn(spec.shape);
        weights[spec.name] = t;
    }
    return weights;
}

lk::gan::Generator load_generator(const std::map<std::string, at::Tensor>& weights) {
    const std::filesystem::path path = std::filesystem::temp_directory_path() /
                                       ("likeness_generator_bench_" + std::to_string(getpid()) +
                                        ".safetensors");
    lk::io::write_safetensors(path.string(), {weights.begin(), weights.end()},
                              {{"likeness.format", "stylegan2-generator"},
                               {"likeness.config", config_json}});
    lk::gan::Generator generator = lk::gan::Generator::load(path.string());
    std::filesystem::remove(path);
    return generator;
}

// Stride 1, the same padding on every side.
at::Tensor conv2d(const at::Tensor& x, const at::Tensor& w, int64_t padding, int64_t groups) {
    const std::vector<int64_t> both{padding, padding};
    return at::conv2d(x, w, at::Tensor(), {1, 1}, at::IntArrayRef(both), {1, 1}, groups);
}

// The same network in plain ATen ops, written from NVIDIA's description of it.
class StockGenerator {
public:
    StockGenerator(const GeneratorConfig& config, std::map<std::string, at::Tensor> weights)
        : config_(config), w_(std::move(weights)) {}

    at::Tensor operator()(const at::Tensor& z) const {
        const at::Tensor w = mapping(z);
        const int64_t batch = z.size(0);
        at::Tensor x, img;
        for (const int64_t res : config_.block_resolutions()) {
            const std::string block = "synthesis.b" + std::to_string(res);
            if (res == 4)
                x = w_.at(block + ".const").unsqueeze(0).repeat({batch, 1, 1, 1});
            else
                x = layer(block + ".conv0", x, w, true);
            x = layer(block + ".conv1", x, w, false);
            const at::Tensor rgb = torgb(block + ".torgb", x, w);
            img = img.defined() ? upsample_image(img, block) + rgb : rgb;
        }
        return img;
    }

private:
    const at::Tensor& at_(const std::string& name) const { return w_.at(name); }

    // Equalized learning rate: weights scaled by lr / sqrt(fan_in) at use.
    at::Tensor linear(const std::string& prefix, const at::Tensor& x, double lr) const {
        const at::Tensor& weight = at_(prefix + ".weight");
        return at::addmm(at_(prefix + ".bias") * lr, x,
                         (weight * (lr / std::sqrt(double(weight.size(1))))).t());
    }

    at::Tensor mapping(const at::Tensor& z) const {
        at::Tensor x = z * (z.square().mean({1}, true) + 1e-8).rsqrt();
        for (int64_t i = 0; i < config_.mapping.num_layers; ++i)
            x = at::leaky_relu(linear("mapping.fc" + std::to_string(i), x,
                                      config_.mapping.lr_multiplier), 0.2) * std::sqrt(2.0);
        return x;  // every layer reads the same w without truncation
    }

    // The modulated, demodulated weights of the batch as one grouped convolution's weight.
    at::Tensor modulated(const at::Tensor& weight, const at::Tensor& styles, bool demodulate) const {
        const int64_t batch = styles.size(0);
        at::Tensor w = weight.unsqueeze(0) * styles.reshape({batch, 1, -1, 1, 1});
        if (demodulate)
            w = w * (w.square().sum({2, 3, 4}) + 1e-8).rsqrt().reshape({batch, -1, 1, 1, 1});
        return w.reshape({-1, weight.size(1), weight.size(2), weight.size(3)});
    }

    // The [1, 3, 3, 1] filter of every channel, scaled by 4 for the inserted zeros, as a
    // depthwise convolution (the filter is symmetric, so correlating convolves).
    at::Tensor filter(const std::string& prefix, int64_t channels) const {
        const at::Tensor f = at_(prefix + ".resample_filter") * 4;
        return f.expand({channels, 1, f.size(0), f.size(1)});
    }

    at::Tensor layer(const std::string& prefix, const at::Tensor& x, const at::Tensor& w,
                     bool up) const {
        const int64_t batch = x.size(0), in = x.size(1);
        const at::Tensor& weight = at_(prefix + ".weight");
        const int64_t out = weight.size(0);
        const at::Tensor wm = modulated(weight, linear(prefix + ".affine", w, 1), true);
        const at::Tensor grouped = x.reshape({1, batch * in, x.size(2), x.size(3)});
        at::Tensor y;
        if (up) {
            // Transposed: (in, out) per sample, stride 2, then the filter over the 2H + 1 result.
            const at::Tensor wt = wm.reshape({batch, out, in, 3, 3}).transpose(1, 2)
                                      .reshape({batch * in, out, 3, 3});
            y = at::conv_transpose2d(grouped, wt, at::Tensor(), {2, 2}, {0, 0}, {0, 0}, batch);
            y = conv2d(y, filter(prefix, batch * out), 1, batch * out);
        } else {
            y = conv2d(grouped, wm, 1, batch);
        }
        y = y.reshape({batch, out, y.size(2), y.size(3)});
        y = y + at_(prefix + ".noise_const") * at_(prefix + ".noise_strength");
        y = at::leaky_relu(y + at_(prefix + ".bias").reshape({1, -1, 1, 1}), 0.2) * std::sqrt(2.0);
        return y.clamp(-256, 256);
    }

    at::Tensor torgb(const std::string& prefix, const at::Tensor& x, const at::Tensor& w) const {
        const int64_t batch = x.size(0), in = x.size(1);
        const at::Tensor styles = linear(prefix + ".affine", w, 1) * (1 / std::sqrt(double(in)));
        const at::Tensor wm = modulated(at_(prefix + ".weight"), styles, false);
        at::Tensor y = conv2d(x.reshape({1, batch * in, x.size(2), x.size(3)}), wm, 0, batch);
        y = y.reshape({batch, -1, x.size(2), x.size(3)}) + at_(prefix + ".bias").reshape({1, -1, 1, 1});
        return y.clamp(-256, 256);
    }

    // Zero insertion by a stride-2 transposed convolution with a 1x1 kernel of ones (the last
    // row and column of zeros from output_padding), then the filter with padding (2, 1).
    at::Tensor upsample_image(const at::Tensor& img, const std::string& block) const {
        const int64_t c = img.size(1);
        const at::Tensor ones = at::ones({c, 1, 1, 1}, img.options());
        const at::Tensor inserted =
            at::conv_transpose2d(img, ones, at::Tensor(), {2, 2}, {0, 0}, {1, 1}, c);
        return conv2d(at::constant_pad_nd(inserted, {2, 1, 2, 1}), filter(block, c), 0, c);
    }

    GeneratorConfig config_;
    std::map<std::string, at::Tensor> w_;
};

void BM_Generate(benchmark::State& state) {
    const int64_t batch = state.range(0);
    const GeneratorConfig config = GeneratorConfig::parse(config_json);
    const std::map<std::string, at::Tensor> weights = random_weights(config);
    const lk::gan::Generator generator = load_generator(weights);
    const StockGenerator stock(config, weights);
    const at::Tensor z = at::randn({batch, config.z_dim});
    const c10::InferenceMode inference;
    // The two must be the same network for the comparison to mean anything.
    const double difference = (generator.generate(z, {}) - stock(z)).abs().max().item<double>();
    if (!(difference < 1e-3)) {
        state.SkipWithError("the stock composition differs from the generator");
        return;
    }
    const auto [ours_s, stock_s] = compare(
        state, at::kCPU, [&] { benchmark::DoNotOptimize(generator.generate(z, {})); },
        [&] { benchmark::DoNotOptimize(stock(z)); }, 0);
    const double images = double(batch * state.iterations());
    state.counters["images/s"] = images / ours_s;
    state.counters["stock_images/s"] = images / stock_s;
    state.counters["max_abs_diff"] = difference;
}

BENCHMARK(BM_Generate)->Arg(1)->Arg(8)->UseManualTime()->Unit(benchmark::kMillisecond);

}  // namespace

int main(int argc, char** argv) {
    return lk::bench::run(argc, argv);
}
