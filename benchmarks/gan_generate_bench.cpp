// Seeds to 8-bit faces through the C ABI (lk_gan_generate_seeds: seed latents, mapping,
// synthesis, conversion, image handles) against the same work on the internal generator with
// no surface around it, in the same run; and the C ABI's throughput by batch size. The tiny
// 32x32 test generator keeps the network cheap, so the surface's own cost shows.
#include "gan/generator.h"
#include "gan/seeds.h"
#include "kernels/image_tensor.h"
#include "versus_stock.h"

#include <likeness/likeness.h>

#include <benchmark/benchmark.h>
#include <c10/core/InferenceMode.h>

#include <numeric>
#include <string>
#include <vector>

namespace {

const std::string model =
    std::string(LIKENESS_TEST_DATA) + "/gan/tiny_unconditional_32.safetensors";
constexpr size_t count = 32;

struct CGan {
    lk_context* context = nullptr;
    lk_gan* gan = nullptr;
    CGan() {
        lk_context_create(nullptr, &context);
        lk_gan_load(context, model.c_str(), &gan);
    }
    ~CGan() {
        lk_gan_free(gan);
        lk_context_free(context);
    }
    // Generates `seeds` in batches of `batch`; false on failure.
    bool generate(const std::vector<uint32_t>& seeds, uint32_t batch) const {
        lk_gan_generate_params params;
        lk_gan_generate_params_init(&params);
        params.batch_size = batch;
        std::vector<lk_image*> images(seeds.size());
        if (lk_gan_generate_seeds(gan, seeds.data(), seeds.size(), &params, images.data(),
                                  nullptr) != LK_OK)
            return false;
        for (lk_image* image : images) lk_image_free(image);
        return true;
    }
};

std::vector<uint32_t> seed_range() {
    std::vector<uint32_t> seeds(count);
    std::iota(seeds.begin(), seeds.end(), 0u);
    return seeds;
}

void BM_SeedsToImagesVersusInternal(benchmark::State& state) {
    const CGan c;
    if (!c.gan) return state.SkipWithError(lk_last_error());
    const lk::gan::Generator generator = lk::gan::Generator::load(model);
    const std::vector<uint32_t> seeds = seed_range();
    const std::vector<int64_t> wide(seeds.begin(), seeds.end());
    constexpr int64_t batch = 8;
    lk::bench::compare(
        state, at::Device(at::kCPU), [&] {
            if (!c.generate(seeds, batch)) state.SkipWithError(lk_last_error());
        },
        [&] {
            c10::InferenceMode inference;
            for (int64_t first = 0; first < int64_t(count); first += batch) {
                const std::vector<int64_t> chunk(wide.begin() + first,
                                                 wide.begin() + first + batch);
                benchmark::DoNotOptimize(lk::tensor_to_images(
                    generator.generate(lk::gan::latents_from_seeds(chunk, 32), {}), 127.5f,
                    127.5f));
            }
        },
        double(count) * 32 * 32 * 3);
    state.SetItemsProcessed(int64_t(state.iterations() * count));
}
BENCHMARK(BM_SeedsToImagesVersusInternal)->UseManualTime()->Unit(benchmark::kMillisecond);

void BM_SeedsToImagesByBatch(benchmark::State& state) {
    const CGan c;
    if (!c.gan) return state.SkipWithError(lk_last_error());
    const std::vector<uint32_t> seeds = seed_range();
    for (auto _ : state)
        if (!c.generate(seeds, uint32_t(state.range(0)))) state.SkipWithError(lk_last_error());
    state.SetItemsProcessed(int64_t(state.iterations() * count));
}
BENCHMARK(BM_SeedsToImagesByBatch)
    ->Arg(1)
    ->Arg(8)
    ->Arg(32)
    ->UseRealTime()
    ->Unit(benchmark::kMillisecond);

}  // namespace

BENCHMARK_MAIN();
