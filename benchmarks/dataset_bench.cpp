// Loading training data: Fashion-MNIST's training split as Debian installs it (26 MB of gzip
// idx, 60000 images), padded to 32x32 (pixels copied) and resized to 16x16 (every image
// resampled); and the idx parser alone on the inflated and on the gzip bytes, in bytes of
// values per second. Skipped where the data set is not installed.
#include "data/dataset.h"
#include "data/idx_file.h"
#include "io/file.h"

#include <benchmark/benchmark.h>

#include <filesystem>
#include <string>
#include <vector>

namespace {

const std::string kImages =
    std::string(lk::data::kFashionMnistFolder) + "/train-images-idx3-ubyte.gz";

bool installed(benchmark::State& state) {
    if (std::filesystem::exists(kImages)) return true;
    state.SkipWithError("Fashion-MNIST is not installed (Debian package dataset-fashion-mnist)");
    return false;
}

void BM_LoadFashionMnistTrain(benchmark::State& state) {
    if (!installed(state)) return;
    const int64_t resolution = state.range(0);
    int64_t images = 0;
    for (auto _ : state) {
        const lk::data::Dataset dataset = lk::data::load_dataset("fashion-mnist", resolution, 1);
        images = dataset.images.size(0);
        benchmark::DoNotOptimize(dataset.images.data_ptr());
    }
    state.SetItemsProcessed(state.iterations() * images);
}
BENCHMARK(BM_LoadFashionMnistTrain)->Arg(32)->Arg(16)->Unit(benchmark::kMillisecond);

void BM_ParseIdx(benchmark::State& state) {
    if (!installed(state)) return;
    const bool gzip = state.range(0) != 0;
    std::vector<uint8_t> bytes = lk::io::read_file(kImages);
    if (!gzip) {
        const lk::data::IdxArray array = lk::data::parse_idx(bytes.data(), bytes.size(), kImages);
        // The raw file: the 16-byte header of an (N, 28, 28) array, then the values.
        std::vector<uint8_t> raw = {0, 0, 8, 3};
        for (const int64_t d : array.shape)
            for (int shift = 24; shift >= 0; shift -= 8) raw.push_back(uint8_t(d >> shift));
        raw.insert(raw.end(), array.values.begin(), array.values.end());
        bytes = std::move(raw);
    }
    size_t values = 0;
    for (auto _ : state) {
        const lk::data::IdxArray array = lk::data::parse_idx(bytes.data(), bytes.size(), kImages);
        values = array.values.size();
        benchmark::DoNotOptimize(array.values.data());
    }
    state.SetBytesProcessed(int64_t(state.iterations() * values));
}
BENCHMARK(BM_ParseIdx)->ArgName("gzip")->Arg(0)->Arg(1)->Unit(benchmark::kMillisecond);

}  // namespace

BENCHMARK_MAIN();
