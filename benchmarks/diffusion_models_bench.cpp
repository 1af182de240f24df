// One denoising step of the UNet and one decode of the autoencoder on the CPU, float32 and
// bfloat16, at SD 1.x's layout cut down for a small CPU: the UNet at half SD 1.x's widths
// ({160, 320, 640, 640}, 8 heads, 768-dimensional context of 77 tokens) on 32x32 latents (a
// 256 px image), batch 2 as classifier-free guidance runs it; the autoencoder at SD 1.x's widths
// decoding 16x16 latents (128 px). Fresh weights. diffusion_models_speed.py runs diffusers on the
// same models and inputs and reports the ratio.
#include "diffusion/autoencoder.h"
#include "diffusion/unet.h"
#include "versus_stock.h"

#include <ATen/CPUGeneratorImpl.h>
#include <ATen/ops/randn.h>
#include <ATen/ops/tensor.h>
#include <benchmark/benchmark.h>
#include <c10/core/InferenceMode.h>

namespace {

using lk::diffusion::Placement;

lk::diffusion::UNetConfig bench_unet_config() {
    lk::diffusion::UNetConfig c;
    c.block_out_channels = {160, 320, 640, 640};
    c.attention_heads = {8};
    return c;
}

Placement cpu(at::ScalarType dtype) {
    Placement p;
    p.dtype = dtype;
    return p;
}

void BM_UNetStep(benchmark::State& state, at::ScalarType dtype) {
    const c10::InferenceMode inference;
    const lk::diffusion::UNet unet = lk::diffusion::UNet::initialized(
        bench_unet_config(), at::detail::createCPUGenerator(0), cpu(dtype));
    at::Generator g = at::detail::createCPUGenerator(1);
    const at::Tensor sample = at::randn({2, 4, 32, 32}, g).to(dtype);
    const at::Tensor context = at::randn({2, 77, 768}, g).to(dtype);
    const at::Tensor t = at::tensor({500.0f});
    unet(sample, t, context);  // warm-up: first-call allocations and kernel selection
    for (auto _ : state) benchmark::DoNotOptimize(unet(sample, t, context));
}

void BM_AutoencoderDecode(benchmark::State& state, at::ScalarType dtype) {
    const c10::InferenceMode inference;
    lk::diffusion::AutoencoderConfig config;
    const lk::diffusion::Autoencoder vae = lk::diffusion::Autoencoder::initialized(
        config, at::detail::createCPUGenerator(0), cpu(dtype));
    const at::Tensor latents = at::randn({1, 4, 16, 16}, at::detail::createCPUGenerator(1)).to(dtype);
    vae.decode(latents);  // warm-up
    for (auto _ : state) benchmark::DoNotOptimize(vae.decode(latents));
}

BENCHMARK_CAPTURE(BM_UNetStep, float32, at::kFloat)->Unit(benchmark::kMillisecond)->UseRealTime()->MeasureProcessCPUTime();
BENCHMARK_CAPTURE(BM_UNetStep, bfloat16, at::kBFloat16)->Unit(benchmark::kMillisecond)->UseRealTime()->MeasureProcessCPUTime();
BENCHMARK_CAPTURE(BM_AutoencoderDecode, float32, at::kFloat)->Unit(benchmark::kMillisecond)->UseRealTime()->MeasureProcessCPUTime();
BENCHMARK_CAPTURE(BM_AutoencoderDecode, bfloat16, at::kBFloat16)->Unit(benchmark::kMillisecond)->UseRealTime()->MeasureProcessCPUTime();

}  // namespace

int main(int argc, char** argv) { return lk::bench::run(argc, argv); }
