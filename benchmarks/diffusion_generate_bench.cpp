// Text to 8-bit images through the C ABI (lk_diffusion_generate: the request read and checked,
// the pipeline, conversion to 8 bits, the watermark, image handles) against the same pipeline
// called internally with no surface around it, in the same run; and the first provenance call's
// cost, the hash of the model's files. The tiny SD 1.x pipeline from the tests keeps the networks
// cheap, so the surface's own cost shows.
#include "diffusion/model.h"
#include "diffusion/pipeline.h"
#include "io/sha256.h"
#include "kernels/image_tensor.h"
#include "versus_stock.h"

#include <likeness/likeness.h>

#include <benchmark/benchmark.h>
#include <c10/core/InferenceMode.h>

#include <filesystem>
#include <string>
#include <vector>

namespace {

const std::string model = std::string(LIKENESS_TINY_PIPELINES) + "/txt2img";
constexpr uint32_t steps = 4, batch = 2;

struct CDiffusion {
    lk_context* context = nullptr;
    lk_diffusion* model = nullptr;
    CDiffusion() {
        lk_context_create(nullptr, &context);
        lk_diffusion_load(context, ::model.c_str(), nullptr, &model);
    }
    ~CDiffusion() {
        lk_diffusion_free(model);
        lk_context_free(context);
    }
    // `batch` images of side x side; false on failure.
    bool generate(uint32_t side, bool watermark) const {
        lk_diffusion_request request;
        lk_diffusion_request_init(&request);
        request.prompt = "a portrait photo of a smiling woman, studio light";
        request.steps = steps;
        request.batch = batch;
        request.width = request.height = side;
        request.watermark = watermark;
        std::vector<lk_image*> images(batch);
        if (lk_diffusion_generate(model, &request, images.data(), images.size()) != LK_OK)
            return false;
        for (lk_image* image : images) lk_image_free(image);
        return true;
    }
};

// Arguments: the side, and whether the images carry the watermark (192 and up hold one).
void BM_TextToImagesVersusInternal(benchmark::State& state) {
    const CDiffusion c;
    if (!c.model) return state.SkipWithError(lk_last_error());
    const auto side = uint32_t(state.range(0));
    const bool watermark = state.range(1) != 0;
    lk::diffusion::StableDiffusion internal = lk::diffusion::load_model(model, {});
    lk::diffusion::GenerateRequest request;
    request.prompt = "a portrait photo of a smiling woman, studio light";
    request.sampler.kind = lk::diffusion::SamplerKind::dpmpp_2m;
    request.sampler.steps = steps;
    request.batch = batch;
    request.width = request.height = side;
    lk::bench::compare(
        state, at::Device(at::kCPU),
        [&] {
            if (!c.generate(side, watermark)) state.SkipWithError(lk_last_error());
        },
        [&] {
            c10::InferenceMode inference;
            benchmark::DoNotOptimize(
                lk::tensor_to_images(lk::diffusion::generate(internal, request), 255, 0));
        },
        double(batch) * side * side * 3);
    state.SetItemsProcessed(int64_t(state.iterations() * batch));
}
BENCHMARK(BM_TextToImagesVersusInternal)
    ->Args({64, 0})
    ->Args({192, 0})
    ->Args({192, 1})
    ->UseManualTime()
    ->Unit(benchmark::kMillisecond);

// What the first lk_diffusion_provenance (or the first watermarked image) costs: every file of
// the folder hashed. Reported as bytes per second, which scales to a full model's 2 to 4 GB.
void BM_HashModelFolder(benchmark::State& state) {
    if (!std::filesystem::is_directory(model)) return state.SkipWithError("no tiny pipelines");
    double bytes = 0;
    for (const auto& entry : std::filesystem::recursive_directory_iterator(model))
        if (entry.is_regular_file()) bytes += double(entry.file_size());
    for (auto _ : state) benchmark::DoNotOptimize(lk::io::sha256_of_folder(model));
    state.SetBytesProcessed(int64_t(bytes * double(state.iterations())));
}
BENCHMARK(BM_HashModelFolder)->Unit(benchmark::kMillisecond);

}  // namespace

BENCHMARK_MAIN();
