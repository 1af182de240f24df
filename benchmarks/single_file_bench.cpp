// Opening an SD 1.x single-file checkpoint and renaming it to diffusers' names (read_single_file)
// on the tiny txt2img pipeline written in the LDM layout by the diffusion.write_single_files test:
// 1,209 tensors with the UNet's EMA copy, so the cost is the header and the names, not the bytes
// (tensors are mapped, not read).
#include "diffusion/checkpoint_keys.h"
#include "io/safetensors.h"

#include <benchmark/benchmark.h>

#include <filesystem>
#include <string>

namespace {

const std::string kSingleFile = LIKENESS_SINGLE_FILES "/txt2img.safetensors";

bool have_file(benchmark::State& state) {
    if (std::filesystem::exists(kSingleFile)) return true;
    state.SkipWithError("no single file: run ctest -R diffusion.write_single_files (needs diffusers)");
    return false;
}

// Opening alone (mapping, parsing the header): the part of BM_ReadSingleFile that is not ours.
void BM_OpenFile(benchmark::State& state) {
    if (!have_file(state)) return;
    for (auto _ : state) benchmark::DoNotOptimize(lk::io::SafetensorsFile::open(kSingleFile));
}
BENCHMARK(BM_OpenFile)->Unit(benchmark::kMillisecond);

void BM_ReadSingleFile(benchmark::State& state) {
    if (!have_file(state)) return;
    for (auto _ : state)
        benchmark::DoNotOptimize(lk::diffusion::read_single_file(lk::io::SafetensorsFile::open(kSingleFile)));
    state.counters["tensors"] = static_cast<double>(lk::io::SafetensorsFile::open(kSingleFile).names().size());
}
BENCHMARK(BM_ReadSingleFile)->Unit(benchmark::kMillisecond);

}  // namespace

BENCHMARK_MAIN();
