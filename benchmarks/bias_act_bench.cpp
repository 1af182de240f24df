// bias_act and bias_act_backward against the same computation composed of stock libtorch ops,
// on an activation the size of the generator's 64x64 layers: 8 x 512 x 64 x 64 float32, with
// the settings of its convolutions (lrelu, alpha 0.2, gain sqrt(2), clamp 256).
#include "kernels/bias_act.h"
#include "versus_stock.h"

#include <ATen/ATen.h>
#include <benchmark/benchmark.h>
#include <torch/csrc/autograd/autograd.h>

#include <cmath>

namespace {

using lk::bench::compare;
using lk::bench::device_for;

constexpr int64_t batch = 8, channels = 512, height = 64, width = 64;
constexpr double elements = double(batch * channels * height * width);
constexpr float alpha = 0.2f, clamp = 256.0f;
const float gain = float(M_SQRT2);

at::Tensor stock_bias_act(const at::Tensor& x, const at::Tensor& bias) {
    return (at::leaky_relu(x + bias.reshape({1, -1, 1, 1}), alpha) * gain).clamp(-clamp, clamp);
}

struct Inputs {
    at::Tensor x, bias;
};

// Values spread so that both sides of the lrelu and, after scaling by 300, the clamp are hit.
Inputs inputs_on(const at::Device& device) {
    const at::TensorOptions options(device);
    return {at::randn({batch, channels, height, width}, options) * 300,
            at::randn({channels}, options)};
}

void BM_BiasAct(benchmark::State& state, bool cuda) {
    const at::Device device = device_for(state, cuda);
    if (state.error_occurred()) return;
    const auto [x, bias] = inputs_on(device);
    // Bytes: x read once, y written once.
    compare(
        state, device,
        [&] {
            benchmark::DoNotOptimize(
                lk::bias_act(x, bias, lk::Activation::lrelu, alpha, gain, clamp));
        },
        [&] { benchmark::DoNotOptimize(stock_bias_act(x, bias)); }, elements * 2 * sizeof(float));
}

// Stock: autograd's backward through the stock ops, the graph built once outside the timing
// so that only the backward pass is compared.
void BM_BiasActBackward(benchmark::State& state, bool cuda) {
    const at::Device device = device_for(state, cuda);
    if (state.error_occurred()) return;
    const auto [x_value, bias_value] = inputs_on(device);
    const at::Tensor x = x_value.detach().requires_grad_();
    const at::Tensor bias = bias_value.detach().requires_grad_();
    const at::Tensor stock_y = stock_bias_act(x, bias);
    const at::Tensor y =
        lk::bias_act(x.detach(), bias.detach(), lk::Activation::lrelu, alpha, gain, clamp);
    const at::Tensor grad_out = at::randn_like(y);
    // Bytes: grad_out and y read, grad_x written (and summed while still in cache).
    compare(
        state, device,
        [&] {
            benchmark::DoNotOptimize(lk::bias_act_backward(grad_out, y, true,
                                                           lk::Activation::lrelu, alpha, gain,
                                                           clamp));
        },
        [&] {
            benchmark::DoNotOptimize(torch::autograd::grad({stock_y}, {x, bias}, {grad_out},
                                                           /*retain_graph=*/true));
        },
        elements * 3 * sizeof(float));
}

BENCHMARK_CAPTURE(BM_BiasAct, cpu, false)->UseManualTime()->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(BM_BiasAct, cuda, true)->UseManualTime()->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(BM_BiasActBackward, cpu, false)->UseManualTime()->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(BM_BiasActBackward, cuda, true)->UseManualTime()->Unit(benchmark::kMillisecond);

}  // namespace

BENCHMARK_MAIN();
