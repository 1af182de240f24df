// What the generated-face filter costs per image: the spectrum (FFT of the luma and the ring
// averages) at the sizes generators produce, and the landmark fit against 1275 posed mean faces.
#include "core/image.h"
#include "io/image_file.h"
#include "quality/landmark_shape.h"
#include "quality/spectrum.h"

#include <benchmark/benchmark.h>

namespace {

// The test card as grey, `side` pixels square.
lk::Image card(uint32_t side) {
    const lk::Image small = lk::io::load_image(LIKENESS_TESTCARD, 1);
    const lk_resize_params params{sizeof(lk_resize_params), LK_RESIZE_DEFAULT, 1};
    return lk::resize(small.view(), side, side, params);
}

void BM_SpectralTail(benchmark::State& state) {
    const lk::Image image = card(uint32_t(state.range(0)));
    for (auto _ : state)
        benchmark::DoNotOptimize(
            lk::quality::high_frequency_tail_db(lk::quality::radial_spectrum(image.view())));
    state.SetItemsProcessed(state.iterations());
}

void BM_FitLandmarkShape(benchmark::State& state) {
    const lk::face::Landmarks68 points = lk::quality::posed_mean_face(20, -10, 7);
    for (auto _ : state) benchmark::DoNotOptimize(lk::quality::fit_landmark_shape(points));
    state.SetItemsProcessed(state.iterations());
}

BENCHMARK(BM_SpectralTail)->Arg(256)->Arg(512)->Arg(1024)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_FitLandmarkShape)->Unit(benchmark::kMicrosecond);

}  // namespace

BENCHMARK_MAIN();
