// upfirdn2d against the same computation composed of stock libtorch ops (zero insertion by
// reshape and pad, padding, a depthwise convolution, striding), on the generator's largest
// image upsample at 128 px, a (4, 512, 64, 64) activation with the [1, 3, 3, 1] filter, and the
// discriminator's matching downsample of (4, 512, 128, 128). Backward: our Function's gradient
// against autograd's through the stock ops, the graphs built outside the timing.
#include "kernels/upfirdn2d.h"
#include "versus_stock.h"

#include <ATen/ATen.h>
#include <benchmark/benchmark.h>
#include <torch/csrc/autograd/autograd.h>

#include <algorithm>

namespace {

using lk::bench::compare;
using lk::bench::device_for;

constexpr int64_t batch = 4, channels = 512;

struct Resample {
    int64_t size, up, down;
    lk::Padding padding;
    float gain;
};
// NVIDIA's upsample2d and downsample2d paddings for a 4-tap filter.
constexpr Resample upsample{64, 2, 1, {2, 1, 2, 1}, 4.0f};
constexpr Resample downsample{128, 1, 2, {1, 1, 1, 1}, 1.0f};

at::Tensor filter_on(const at::Device& device) {
    const at::Tensor taps = at::tensor({1.0f, 3.0f, 3.0f, 1.0f});
    return (at::outer(taps, taps) / 64).to(device);
}

at::Tensor stock_upfirdn2d(const at::Tensor& x, const at::Tensor& f, const Resample& r) {
    const int64_t n = x.size(0), c = x.size(1), h = x.size(2), w = x.size(3);
    at::Tensor y = at::constant_pad_nd(x.reshape({n, c, h, 1, w, 1}), {0, r.up - 1, 0, 0, 0, r.up - 1})
                       .reshape({n, c, h * r.up, w * r.up});
    const auto [x0, x1, y0, y1] = r.padding;  // both cases pad, neither crops
    y = at::constant_pad_nd(y, {x0, x1, y0, y1});
    const at::Tensor k = (f * r.gain).flip({0, 1}).expand({c, 1, f.size(0), f.size(1)});
    y = at::convolution(y, k, at::Tensor(), {1, 1}, {0, 0}, {1, 1}, false, {0, 0}, c);
    return r.down == 1 ? y : y.slice(2, 0, y.size(2), r.down).slice(3, 0, y.size(3), r.down);
}

double bytes_of(const Resample& r) {
    const int64_t out = r.size * r.up / r.down;
    return double(batch * channels * (r.size * r.size + out * out)) * sizeof(float);
}

void BM_Upfirdn2d(benchmark::State& state, bool cuda, Resample r) {
    const at::Device device = device_for(state, cuda);
    if (state.error_occurred()) return;
    const at::Tensor x = at::randn({batch, channels, r.size, r.size}, at::TensorOptions(device));
    const at::Tensor f = filter_on(device);
    // Bytes: x read once, the output written once.
    compare(
        state, device,
        [&] {
            benchmark::DoNotOptimize(lk::upfirdn2d(x, f, r.up, r.down, r.padding, false, r.gain));
        },
        [&] { benchmark::DoNotOptimize(stock_upfirdn2d(x, f, r)); }, bytes_of(r));
}

void BM_Upfirdn2dBackward(benchmark::State& state, bool cuda, Resample r) {
    const at::Device device = device_for(state, cuda);
    if (state.error_occurred()) return;
    const at::Tensor x =
        at::randn({batch, channels, r.size, r.size}, at::TensorOptions(device)).requires_grad_();
    const at::Tensor f = filter_on(device);
    const at::Tensor y = lk::upfirdn2d(x, f, r.up, r.down, r.padding, false, r.gain);
    const at::Tensor stock_y = stock_upfirdn2d(x, f, r);
    const at::Tensor grad_out = at::randn_like(y);
    compare(
        state, device,
        [&] {
            benchmark::DoNotOptimize(torch::autograd::grad({y}, {x}, {grad_out}, true));
        },
        [&] {
            benchmark::DoNotOptimize(torch::autograd::grad({stock_y}, {x}, {grad_out}, true));
        },
        bytes_of(r));
}

BENCHMARK_CAPTURE(BM_Upfirdn2d, upsample_cpu, false, upsample)
    ->UseManualTime()->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(BM_Upfirdn2d, downsample_cpu, false, downsample)
    ->UseManualTime()->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(BM_Upfirdn2dBackward, upsample_cpu, false, upsample)
    ->UseManualTime()->Unit(benchmark::kMillisecond);

// The CUDA cases exist only where a GPU does.
void register_cuda() {
    benchmark::RegisterBenchmark("BM_Upfirdn2d/upsample_cuda", BM_Upfirdn2d, true, upsample)
        ->UseManualTime()->Unit(benchmark::kMillisecond);
    benchmark::RegisterBenchmark("BM_Upfirdn2d/downsample_cuda", BM_Upfirdn2d, true, downsample)
        ->UseManualTime()->Unit(benchmark::kMillisecond);
    benchmark::RegisterBenchmark("BM_Upfirdn2dBackward/upsample_cuda", BM_Upfirdn2dBackward, true,
                                 upsample)
        ->UseManualTime()->Unit(benchmark::kMillisecond);
}

}  // namespace

int main(int argc, char** argv) {
    if (lk::bench::cuda_present()) register_cuda();
    return lk::bench::run(argc, argv);
}
