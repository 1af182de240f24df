// Watermark embedding and detection by image side (512, 1024, 2048), RGB, on one thread: the
// watermark's loops are plain C++ with no parallel sections, so the time is one core's.
//
// The image is the demo's test card enlarged to the side, with Gaussian sensor noise from a
// fixed seed added, so that the strength the embedder picks and the lattice fits the detector
// searches meet texture as in a photograph rather than the card's flat colour alone.
// Megapixels per second count the input's pixels.
#include "core/image.h"
#include "io/image_file.h"
#include "provenance/watermark.h"

#include <benchmark/benchmark.h>

#include <algorithm>
#include <cmath>
#include <map>
#include <random>

namespace {

constexpr uint64_t kKey = 0x6C696B656E657373ull;
constexpr uint32_t kPayload = 0x2026B00Cu;

const lk::Image& photo(uint32_t side) {
    static std::map<uint32_t, lk::Image> cache;
    auto found = cache.find(side);
    if (found != cache.end()) return found->second;
    const lk::Image card = lk::io::load_image(LIKENESS_TESTCARD, 3);
    const lk_resize_params params{sizeof(lk_resize_params), LK_RESIZE_DEFAULT, 1};
    lk::Image image = lk::resize(card.view(), side, side, params);
    std::mt19937 rng(side);
    std::normal_distribution<float> noise(0.0f, 3.0f);
    uint8_t* data = image.data();
    for (size_t i = 0, n = size_t(side) * side * 3; i < n; ++i)
        data[i] = uint8_t(std::clamp(std::round(float(data[i]) + noise(rng)), 0.0f, 255.0f));
    return cache.emplace(side, std::move(image)).first->second;
}

void set_rate(benchmark::State& state, uint32_t side) {
    state.counters["Mpixels"] = benchmark::Counter(double(state.iterations()) * side * side / 1e6,
                                                benchmark::Counter::kIsRate);
}

void BM_WatermarkEmbed(benchmark::State& state) {
    const uint32_t side = uint32_t(state.range(0));
    const lk::Image& image = photo(side);
    int strength = -1;
    double psnr = 0;
    for (auto _ : state) {
        const lk::provenance::Embedding marked = lk::provenance::embed_watermark(image.view(), kPayload, kKey);
        benchmark::DoNotOptimize(marked.image.data());
        strength = marked.strength;
        psnr = marked.psnr;
    }
    set_rate(state, side);
    // The level and PSNR the embedder chose on this image, so that runs can be compared.
    state.counters["strength"] = strength;
    state.counters["psnr_dB"] = psnr;
}

void BM_WatermarkDetect(benchmark::State& state) {
    const uint32_t side = uint32_t(state.range(0));
    const lk::Image marked = lk::provenance::embed_watermark(photo(side).view(), kPayload, kKey).image;
    lk::provenance::Detection detection;
    for (auto _ : state) {
        detection = lk::provenance::detect_watermark(marked.view(), kKey);
        benchmark::DoNotOptimize(detection.p_value);
    }
    set_rate(state, side);
    if (!detection.found || detection.payload != kPayload)
        state.SkipWithError("the marked image's payload was not detected");
}

BENCHMARK(BM_WatermarkEmbed)->Arg(512)->Arg(1024)->Arg(2048)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_WatermarkDetect)->Arg(512)->Arg(1024)->Arg(2048)->Unit(benchmark::kMillisecond);

}  // namespace

BENCHMARK_MAIN();
