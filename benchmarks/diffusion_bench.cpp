// Text-to-image on the CPU (generate: prompt embeddings, 4 denoising steps with classifier-free
// guidance, decoding), the model loaded once, for two random-weight SD 1.x-layout models:
// "tiny", the test suite's (tests/diffusion/make_tiny_pipelines.py, 64x64 images), and "small"
// (UNet widths 64-128-256-256, cross-attention 256, 256x256 images: 32x32 latents), which
// benchmarks/diffusion_speed.py writes and times diffusers on in the same run.
#include "diffusion/model.h"
#include "diffusion/pipeline.h"

#include <ATen/Parallel.h>
#include <benchmark/benchmark.h>

#include <filesystem>
#include <string>

namespace {

void generate(benchmark::State& state, const std::string& folder) {
    if (!std::filesystem::exists(folder + "/model_index.json"))
        return state.SkipWithError(("no model in " + folder + ": see benchmarks/diffusion_speed.py").c_str());
    lk::diffusion::StableDiffusion model = lk::diffusion::load_model(folder, {});
    lk::diffusion::GenerateRequest request;
    request.prompt = "a portrait photo of a smiling woman with freckles, soft light";
    request.negative_prompt = "blurry, low quality";
    request.sampler.kind = lk::diffusion::SamplerKind::dpmpp_2m;
    request.sampler.steps = 4;
    request.seed = 7;
    for (auto _ : state) benchmark::DoNotOptimize(lk::diffusion::generate(model, request));
    state.counters["torch_threads"] = at::get_num_threads();
    state.counters["width"] = double(model.unet.config().sample_size * model.vae.config().downscale());
}

void BM_GenerateTiny(benchmark::State& state) { generate(state, LIKENESS_TINY_PIPELINE); }
BENCHMARK(BM_GenerateTiny)->Unit(benchmark::kMillisecond)->UseRealTime()->MeasureProcessCPUTime();

void BM_GenerateSmall(benchmark::State& state) { generate(state, LIKENESS_SMALL_PIPELINE); }
BENCHMARK(BM_GenerateSmall)->Unit(benchmark::kMillisecond)->UseRealTime()->MeasureProcessCPUTime();

}  // namespace

BENCHMARK_MAIN();
