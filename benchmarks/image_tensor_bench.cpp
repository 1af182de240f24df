// images_to_tensor and tensor_to_images against the same computation composed of stock libtorch
// ops, on a batch of 8 RGB megapixel images.
#include "kernels/image_tensor.h"
#include "versus_stock.h"

#include <ATen/ATen.h>
#include <benchmark/benchmark.h>

namespace {

using lk::bench::compare;
using lk::bench::device_for;

constexpr int64_t batch = 8, height = 1024, width = 1024, channels = 3;
constexpr int64_t elements = batch * height * width * channels;

// Bytes per element: the uint8 side plus the float32 side, each touched once.
constexpr double bytes_per_iteration = double(elements) * (sizeof(uint8_t) + sizeof(float));

void BM_ImagesToTensor(benchmark::State& state, bool cuda) {
    const at::Device device = device_for(state, cuda);
    if (state.error_occurred()) return;
    const at::Tensor pixels = at::randint(0, 256, {batch, height, width, channels},
                                          at::TensorOptions(at::kByte).device(device));
    const float scale = 2.0f / 255.0f, offset = -1.0f;
    compare(
        state, device,
        [&] { benchmark::DoNotOptimize(lk::images_to_tensor(pixels, scale, offset)); },
        [&] {
            benchmark::DoNotOptimize(pixels.permute({0, 3, 1, 2}).to(at::kFloat) * scale + offset);
        },
        bytes_per_iteration);
}

void BM_TensorToImages(benchmark::State& state, bool cuda) {
    const at::Device device = device_for(state, cuda);
    if (state.error_occurred()) return;
    const at::Tensor x =
        at::rand({batch, channels, height, width}, at::TensorOptions(device)) * 2 - 1;
    const float scale = 127.5f, offset = 127.5f;
    compare(
        state, device, [&] { benchmark::DoNotOptimize(lk::tensor_to_images(x, scale, offset)); },
        [&] {
            benchmark::DoNotOptimize((x * scale + offset)
                                         .round()
                                         .clamp(0, 255)
                                         .to(at::kByte)
                                         .permute({0, 2, 3, 1})
                                         .contiguous());
        },
        bytes_per_iteration);
}

BENCHMARK_CAPTURE(BM_ImagesToTensor, cpu, false)->UseManualTime()->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(BM_ImagesToTensor, cuda, true)->UseManualTime()->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(BM_TensorToImages, cpu, false)->UseManualTime()->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(BM_TensorToImages, cuda, true)->UseManualTime()->Unit(benchmark::kMillisecond);

}  // namespace

BENCHMARK_MAIN();
