// The CLIP tokenizer on CLIP's real vocabulary (written by the diffusion.clip.write_vocab test
// from the open_clip wheel that scripts/setup.sh downloads): loading vocab.json + merges.txt, and
// prompts to windows with the word cache cold (a fresh tokenizer each run) and warm. Reports
// prompt bytes per second.
#include "diffusion/clip_tokenizer.h"

#include <benchmark/benchmark.h>

#include <filesystem>
#include <memory>
#include <string>

namespace {

using lk::diffusion::ClipTokenizer;

const std::string kVocab = LIKENESS_CLIP_VOCAB_DIR "/vocab.json";
const std::string kMerges = LIKENESS_CLIP_VOCAB_DIR "/merges.txt";

bool have_vocab(benchmark::State& state) {
    if (std::filesystem::exists(kVocab) && std::filesystem::exists(kMerges)) return true;
    state.SkipWithError("no CLIP vocabulary: run ctest -R diffusion.clip.write_vocab after scripts/setup.sh");
    return false;
}

// A typical SD prompt of about 60 tokens, with emphasis.
const std::string kPrompt =
    "(masterpiece:1.2), best quality, portrait photo of a young woman with freckles, (auburn hair), "
    "soft window light, 85mm, f/1.8, [blurry], bokeh, film grain, Kodak Portra 400, café in Paris, "
    "detailed skin texture, natural makeup, looking at the viewer, smiling";

void BM_Load(benchmark::State& state) {
    if (!have_vocab(state)) return;
    for (auto _ : state) benchmark::DoNotOptimize(ClipTokenizer::from_files(kVocab, kMerges));
}
BENCHMARK(BM_Load)->Unit(benchmark::kMillisecond);

void BM_WindowsColdCache(benchmark::State& state) {
    if (!have_vocab(state)) return;
    for (auto _ : state) {
        state.PauseTiming();
        auto tokenizer = std::make_unique<ClipTokenizer>(ClipTokenizer::from_files(kVocab, kMerges));
        state.ResumeTiming();
        benchmark::DoNotOptimize(tokenizer->windows(kPrompt));
        state.PauseTiming();
        tokenizer.reset();
        state.ResumeTiming();
    }
    state.SetBytesProcessed(int64_t(state.iterations()) * int64_t(kPrompt.size()));
}
// Each run loads the vocabulary afresh (about 60 ms, untimed): a fixed count keeps that short.
BENCHMARK(BM_WindowsColdCache)->Unit(benchmark::kMicrosecond)->Iterations(20);

void BM_WindowsWarmCache(benchmark::State& state) {
    if (!have_vocab(state)) return;
    const ClipTokenizer tokenizer = ClipTokenizer::from_files(kVocab, kMerges);
    tokenizer.windows(kPrompt);
    for (auto _ : state) benchmark::DoNotOptimize(tokenizer.windows(kPrompt));
    state.SetBytesProcessed(int64_t(state.iterations()) * int64_t(kPrompt.size()));
}
BENCHMARK(BM_WindowsWarmCache)->Unit(benchmark::kMicrosecond);

}  // namespace

BENCHMARK_MAIN();
