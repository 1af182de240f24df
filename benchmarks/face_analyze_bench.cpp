// A photo's faces through the C ABI (lk_face_analyze on face-api's 1920x1280 demo photo with its
// three faces), against the internal analyzer with no surface around it in the same run; what
// the detector choice and the quality measures cost; and drawing the result (lk_face_annotate).
// Skipped, saying so, where the set-up has not installed the models and demo photos.
#include "face/analyzer.h"
#include "io/image_file.h"
#include "versus_stock.h"

#include <likeness/likeness.h>

#include <benchmark/benchmark.h>

#include <filesystem>
#include <string>

namespace {

const std::string models = LIKENESS_FACE_MODELS_DIR;
const std::string photo = std::string(LIKENESS_FACE_DEMO_DIR) + "/sample1.jpg";

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

lk_face_analyzer_params params(lk_face_detector detector, bool quality) {
    lk_face_analyzer_params p;
    lk_face_analyzer_params_init(&p);
    p.detector = detector;
    p.quality = quality;
    return p;
}

// Detection, landmarks and descriptors, without the quality measures, which the internal
// analyzer does not run.
void BM_AnalyzeVersusInternal(benchmark::State& state) {
    if (!installed(state)) return;
    const CAnalyzer c(params(LK_FACE_DETECTOR_SSD, false));
    if (!c.analyzer) return state.SkipWithError(lk_last_error());
    const lk::face::Analyzer internal(models, {});
    const lk::Image image = lk::io::load_image(photo, 3);
    lk::bench::compare(
        state, at::Device(at::kCPU),
        [&] {
            lk_face_report* report = c.analyze(image.view());
            if (!report) state.SkipWithError(lk_last_error());
            lk_face_report_free(report);
        },
        [&] { benchmark::DoNotOptimize(internal.analyze(image.view())); },
        double(image.width()) * image.height() * 3);
    state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_AnalyzeVersusInternal)->UseManualTime()->Unit(benchmark::kMillisecond);

// Arguments: detector (0 SSD, 1 tiny), quality measures (0 off, 1 on).
void BM_Analyze(benchmark::State& state) {
    if (!installed(state)) return;
    const CAnalyzer c(params(lk_face_detector(state.range(0)), state.range(1) != 0));
    if (!c.analyzer) return state.SkipWithError(lk_last_error());
    const lk::Image image = lk::io::load_image(photo, 3);
    for (auto _ : state) {
        lk_face_report* report = c.analyze(image.view());
        if (!report) return state.SkipWithError(lk_last_error());
        state.counters["faces"] = report->face_count;
        lk_face_report_free(report);
    }
    state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_Analyze)
    ->ArgNames({"tiny", "quality"})
    ->Args({0, 0})->Args({0, 1})->Args({1, 0})->Args({1, 1})
    ->Unit(benchmark::kMillisecond);

void BM_Annotate(benchmark::State& state) {
    if (!installed(state)) return;
    const CAnalyzer c(params(LK_FACE_DETECTOR_SSD, false));
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
