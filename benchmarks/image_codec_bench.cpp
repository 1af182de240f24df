// Image decode, encode and resize throughput, in megabytes of raw pixels per second, on the
// demo's test card enlarged to 1024x1024 (flat areas, gradients and fine stripes, so that the
// codecs' work is representative of photos and renders rather than of noise or a flat image).
#include "core/image.h"
#include "io/image_file.h"

#include <benchmark/benchmark.h>

namespace {

const lk::Image& card() {
    static const lk::Image image = [] {
        const lk::Image small = lk::io::load_image(LIKENESS_TESTCARD, 3);
        lk_resize_params params{sizeof(lk_resize_params), LK_RESIZE_DEFAULT, 1};
        return lk::resize(small.view(), 1024, 1024, params);
    }();
    return image;
}

int64_t pixel_bytes() { return int64_t(card().width()) * card().height() * card().channels(); }

void encode(benchmark::State& state, lk_image_format format) {
    for (auto _ : state) benchmark::DoNotOptimize(lk::io::encode_image(card().view(), format, 90));
    state.SetBytesProcessed(state.iterations() * pixel_bytes());
}

void decode(benchmark::State& state, lk_image_format format) {
    const std::vector<uint8_t> encoded = lk::io::encode_image(card().view(), format, 90);
    for (auto _ : state)
        benchmark::DoNotOptimize(lk::io::decode_image(encoded.data(), encoded.size(), 0, "bench"));
    state.SetBytesProcessed(state.iterations() * pixel_bytes());
    state.counters["encoded_bytes"] = double(encoded.size());
}

void BM_EncodePng(benchmark::State& state) { encode(state, LK_IMAGE_FORMAT_PNG); }
void BM_EncodeJpeg90(benchmark::State& state) { encode(state, LK_IMAGE_FORMAT_JPEG); }
void BM_DecodePng(benchmark::State& state) { decode(state, LK_IMAGE_FORMAT_PNG); }
void BM_DecodeJpeg90(benchmark::State& state) { decode(state, LK_IMAGE_FORMAT_JPEG); }

// Halving in linear light (the default) against filtering the stored values: the price of
// correct brightness on fine detail.
void BM_ResizeHalf(benchmark::State& state) {
    const lk_resize_params params{sizeof(lk_resize_params), LK_RESIZE_DEFAULT, int32_t(state.range(0))};
    for (auto _ : state) benchmark::DoNotOptimize(lk::resize(card().view(), 512, 512, params));
    state.SetBytesProcessed(state.iterations() * pixel_bytes());
    state.SetLabel(state.range(0) ? "linear light" : "stored values");
}

BENCHMARK(BM_EncodePng)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_EncodeJpeg90)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_DecodePng)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_DecodeJpeg90)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_ResizeHalf)->Arg(1)->Arg(0)->Unit(benchmark::kMillisecond);

}  // namespace

BENCHMARK_MAIN();
