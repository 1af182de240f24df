// What the C ABI adds to a photo's analysis: lk_face_analyze on face-api's 1920x1280 demo photo
// (three faces; detection, landmarks, descriptors and every quality measure, then the report's
// copy) against quality::analyze_photo on the same analyzer work with no surface around it, in
// the same run; and drawing the result (lk_face_annotate). The analysis itself, photo by photo
// and against face-api's JavaScript, is face_analysis_bench's. Skipped, saying so, where the
// set-up has not installed the models and demo photos.
#include "face/analyzer.h"
#include "io/image_file.h"
#include "quality/analyze.h"
#include "versus_stock.h"

#include <likeness/likeness.h>

#include <benchmark/benchmark.h>

#include <filesystem>
#include <string>

namespace {

const std::string models = LIKENESS_FACE_MODELS;
const std::string photo = std::string(LIKENESS_FACE_DEMO) + "/sample1.jpg";

bool installed(benchmark::State& state) {
    if (std::filesystem::exists(models + "/ssd_mobilenetv1_model.bin") && std::filesystem::exists(photo))
        return true;
    state.SkipWithError("face-api's models or demo photo are not installed (scripts/setup.sh)");
    return false;
}

struct CAnalyzer {
    lk_context* context = nullptr;
    lk_face_analyzer* analyzer = nullptr;
    explicit CAnalyzer(const lk_face_analyzer_params& params) {
        lk_context_create(nullptr, &context);
        lk_face_analyzer_open(context, models.c_str(), &params, &analyzer);
    }
    ~CAnalyzer() {
        lk_face_analyzer_free(analyzer);
        lk_context_free(context);
    }
    // The report of `view`, or NULL on failure.
    lk_face_report* analyze(const lk_image_view& view) const {
        lk_face_report* report = nullptr;
        return lk_face_analyze(analyzer, &view, &report) == LK_OK ? report : nullptr;
    }
};

void BM_AnalyzeVersusInternal(benchmark::State& state) {
    if (!installed(state)) return;
    lk_face_analyzer_params params;
    lk_face_analyzer_params_init(&params);
    const CAnalyzer c(params);
    if (!c.analyzer) return state.SkipWithError(lk_last_error());
    const lk::face::Analyzer internal(models, {});
    const lk::quality::ScoringConfig config;
    const lk::Image image = lk::io::load_image(photo, 3);
    // Warm-up outside the timing: oneDNN builds its kernels per shape on first use.
    lk_face_report_free(c.analyze(image.view()));
    lk::bench::compare(
        state, at::Device(at::kCPU),
        [&] {
            lk_face_report* report = c.analyze(image.view());
            if (!report) state.SkipWithError(lk_last_error());
            lk_face_report_free(report);
        },
        [&] { benchmark::DoNotOptimize(lk::quality::analyze_photo(internal, image.view(), &config, "")); },
        double(image.width()) * image.height() * 3);
    state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_AnalyzeVersusInternal)->UseManualTime()->Unit(benchmark::kMillisecond);

void BM_Annotate(benchmark::State& state) {
    if (!installed(state)) return;
    lk_face_analyzer_params params;
    lk_face_analyzer_params_init(&params);
    params.quality = 0;
    const CAnalyzer c(params);
    if (!c.analyzer) return state.SkipWithError(lk_last_error());
    const lk::Image image = lk::io::load_image(photo, 3);
    lk_face_report* report = c.analyze(image.view());
    if (!report) return state.SkipWithError(lk_last_error());
    const lk_image_view view = image.view();
    for (auto _ : state) {
        lk_image* drawn = nullptr;
        if (lk_face_annotate(&view, report, &drawn) != LK_OK) state.SkipWithError(lk_last_error());
        lk_image_free(drawn);
    }
    lk_face_report_free(report);
    state.SetBytesProcessed(int64_t(state.iterations()) * view.width * view.height * 3);
}
BENCHMARK(BM_Annotate)->Unit(benchmark::kMillisecond);

}  // namespace

BENCHMARK_MAIN();
