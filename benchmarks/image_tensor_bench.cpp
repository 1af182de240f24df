// images_to_tensor and tensor_to_images against the same computation composed of stock libtorch
// ops, on a batch of 8 RGB megapixel images. Each iteration times both, so the reported
// vs_stock (stock time / our time; above 1 means ours is faster) compares like with like.
#include "kernels/image_tensor.h"

#include <ATen/ATen.h>
#include <benchmark/benchmark.h>
#include <torch/cuda.h>

#include <chrono>
#include <functional>

namespace {

constexpr int64_t batch = 8, height = 1024, width = 1024, channels = 3;
constexpr int64_t elements = batch * height * width * channels;

void synchronize(const at::Device& device) {
    if (device.is_cuda()) torch::cuda::synchronize(device.index());
}

using Conversion = std::function<at::Tensor(const at::Tensor&)>;

// Bytes per element: the uint8 side plus the float32 side, each touched once.
void compare(benchmark::State& state, const at::Tensor& input, const Conversion& ours,
             const Conversion& stock) {
    using clock = std::chrono::steady_clock;
    const at::Device device = input.device();
    double ours_s = 0, stock_s = 0;
    for (auto _ : state) {
        const auto start = clock::now();
        benchmark::DoNotOptimize(ours(input));
        synchronize(device);
        const auto middle = clock::now();
        benchmark::DoNotOptimize(stock(input));
        synchronize(device);
        const auto end = clock::now();
        const double ours_iteration = std::chrono::duration<double>(middle - start).count();
        state.SetIterationTime(ours_iteration);
        ours_s += ours_iteration;
        stock_s += std::chrono::duration<double>(end - middle).count();
    }
    const double bytes = double(elements) * (sizeof(uint8_t) + sizeof(float)) * state.iterations();
    state.SetBytesProcessed(int64_t(bytes));
    state.counters["stock_GB/s"] = bytes / stock_s / 1e9;
    state.counters["vs_stock"] = stock_s / ours_s;
}

at::Device device_for(benchmark::State& state, bool cuda) {
    if (cuda && !(LIKENESS_CUDA && torch::cuda::is_available()))
        state.SkipWithError("no CUDA device");
    return cuda ? at::Device(at::kCUDA, 0) : at::Device(at::kCPU);
}

void BM_ImagesToTensor(benchmark::State& state, bool cuda) {
    const at::Device device = device_for(state, cuda);
    if (state.error_occurred()) return;
    const at::Tensor pixels = at::randint(0, 256, {batch, height, width, channels},
                                          at::TensorOptions(at::kByte).device(device));
    const float scale = 2.0f / 255.0f, offset = -1.0f;
    compare(state, pixels,
            [&](const at::Tensor& p) { return lk::images_to_tensor(p, scale, offset); },
            [&](const at::Tensor& p) {
                return p.permute({0, 3, 1, 2}).to(at::kFloat) * scale + offset;
            });
}

void BM_TensorToImages(benchmark::State& state, bool cuda) {
    const at::Device device = device_for(state, cuda);
    if (state.error_occurred()) return;
    const at::Tensor x =
        at::rand({batch, channels, height, width}, at::TensorOptions(device)) * 2 - 1;
    const float scale = 127.5f, offset = 127.5f;
    compare(state, x,
            [&](const at::Tensor& t) { return lk::tensor_to_images(t, scale, offset); },
            [&](const at::Tensor& t) {
                return (t * scale + offset)
                    .round()
                    .clamp(0, 255)
                    .to(at::kByte)
                    .permute({0, 2, 3, 1})
                    .contiguous();
            });
}

BENCHMARK_CAPTURE(BM_ImagesToTensor, cpu, false)->UseManualTime()->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(BM_ImagesToTensor, cuda, true)->UseManualTime()->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(BM_TensorToImages, cpu, false)->UseManualTime()->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(BM_TensorToImages, cuda, true)->UseManualTime()->Unit(benchmark::kMillisecond);

}  // namespace

BENCHMARK_MAIN();
