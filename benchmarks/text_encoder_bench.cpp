// The CLIP text encoder at SD 1.x's size (CLIP ViT-L/14: 12 layers, 768 wide, 123M parameters,
// random weights) on the CPU in float32: one prompt window of 77 tokens, and the two a guided
// image needs (negative and positive), as the pipeline runs it, without autograd.
#include "diffusion/text_encoder.h"

#include <ATen/CPUGeneratorImpl.h>
#include <ATen/ops/randint.h>
#include <c10/core/InferenceMode.h>

#include <benchmark/benchmark.h>

namespace {

using lk::diffusion::TextEncoder;

void BM_TextEncoderSd1(benchmark::State& state) {
    at::Generator generator = at::detail::createCPUGenerator(0);
    const TextEncoder encoder = TextEncoder::initialized({}, generator, {});
    const at::Tensor ids = at::randint(49408, {state.range(0), 77}, generator, at::kLong);
    c10::InferenceMode inference;
    for (auto _ : state) benchmark::DoNotOptimize(encoder(ids));
    state.SetItemsProcessed(int64_t(state.iterations()) * state.range(0));
}
BENCHMARK(BM_TextEncoderSd1)->Arg(1)->Arg(2)->Unit(benchmark::kMillisecond)->UseRealTime();

}  // namespace

BENCHMARK_MAIN();
