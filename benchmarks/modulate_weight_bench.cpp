// modulate_weight against the stock composition that modulated_conv2d used before it: the
// modulated weights, their squares summed, and the scaled result. Shapes: a batch of 8 styles
// for the 3x3 convolutions of the 512-channel layers (resolutions 4 to 64 of an FFHQ model)
// and of the 256-resolution layers (128 channels at channel_base 32768).
#include "kernels/modulate_weight.h"
#include "versus_stock.h"

#include <ATen/ATen.h>
#include <benchmark/benchmark.h>
#include <c10/core/InferenceMode.h>

namespace {

using lk::bench::compare;
using lk::bench::device_for;

constexpr int64_t batch = 8;

at::Tensor stock_modulate_weight(const at::Tensor& weight, const at::Tensor& styles) {
    at::Tensor w = weight.unsqueeze(0) * styles.reshape({batch, 1, -1, 1, 1});
    const at::Tensor dcoefs = (w.square().sum({2, 3, 4}) + 1e-8).rsqrt();
    return w * dcoefs.reshape({batch, -1, 1, 1, 1});
}

void BM_ModulateWeight(benchmark::State& state, bool cuda) {
    const at::Device device = device_for(state, cuda);
    if (state.error_occurred()) return;
    const int64_t channels = state.range(0);
    const c10::InferenceMode inference;
    const at::TensorOptions options(device);
    const at::Tensor weight = at::randn({channels, channels, 3, 3}, options);
    const at::Tensor styles = at::randn({batch, channels}, options) + 1;
    // Bytes: the modulated weights written once.
    compare(
        state, device,
        [&] { benchmark::DoNotOptimize(lk::modulate_weight(weight, styles, true)); },
        [&] { benchmark::DoNotOptimize(stock_modulate_weight(weight, styles)); },
        double(batch * channels * channels * 9) * sizeof(float));
}

BENCHMARK_CAPTURE(BM_ModulateWeight, cpu, false)
    ->Arg(512)->Arg(128)->UseManualTime()->Unit(benchmark::kMillisecond);

}  // namespace

int main(int argc, char** argv) {
    if (lk::bench::cuda_present())
        benchmark::RegisterBenchmark("BM_ModulateWeight/cuda", BM_ModulateWeight, true)
            ->Arg(512)->Arg(128)->UseManualTime()->Unit(benchmark::kMillisecond);
    return lk::bench::run(argc, argv);
}
