// The full face analysis of one demo photo (face-api's six, 1920 wide) with the SDK's libtorch ports:
// detection, 68 landmarks and the 128-D descriptor of every face, as face-api's
// detectAllFaces().withFaceLandmarks().withFaceDescriptors() does, plus every quality measure of
// every face, which face-api does not have — the work that
// benchmarks/face_api_js_bench.js times in JavaScript, so that scripts/bench.sh (LIKENESS_BENCH=face)
// can put the two side by side from one run. The photo is decoded once, outside the timing, as the
// JavaScript side decodes outside its own. Threads: libtorch's default (one per core).
#include "core/image.h"
#include "face/analyzer.h"
#include "io/image_file.h"
#include "quality/analyze.h"
#include "quality/assess.h"
#include "quality/measure.h"

#include <benchmark/benchmark.h>

#include <filesystem>
#include <map>
#include <utility>
#include <string>

namespace {

const lk::Image* photo(int number) {
    static std::map<int, lk::Image> cache;
    const auto found = cache.find(number);
    if (found != cache.end()) return &found->second;
    const std::string path = std::string(LIKENESS_FACE_DEMO) + "/sample" + std::to_string(number) + ".jpg";
    if (!std::filesystem::exists(path)) return nullptr;
    return &cache.emplace(number, lk::io::load_image(path, 3)).first->second;
}

const lk::face::Analyzer* analyzer(lk::face::DetectorKind detector, at::ScalarType dtype) {
    static std::map<std::pair<lk::face::DetectorKind, at::ScalarType>, lk::face::Analyzer> cache;
    const auto found = cache.find({detector, dtype});
    if (found != cache.end()) return &found->second;
    if (!std::filesystem::exists(LIKENESS_FACE_MODELS)) return nullptr;
    lk::face::AnalyzerOptions options;
    options.detector = detector;
    options.placement.dtype = dtype;
    return &cache.emplace(std::pair{detector, dtype}, lk::face::Analyzer(LIKENESS_FACE_MODELS, options)).first->second;
}

void analyse(benchmark::State& state, lk::face::DetectorKind detector, at::ScalarType dtype) {
    const lk::Image* image = photo(int(state.range(0)));
    const lk::face::Analyzer* faces = analyzer(detector, dtype);
    if (!image || !faces) {
        state.SkipWithError("the face-api demo photos or models are missing: run scripts/setup.sh");
        return;
    }
    // Warm-up outside the timing: oneDNN builds its kernels per shape on first use, as does the
    // JavaScript side, which is warmed up the same way.
    const lk::quality::ScoringConfig config;
    size_t found = lk::quality::analyze_photo(*faces, image->view(), &config, "").faces.size();
    for (auto _ : state) {
        const lk::quality::PhotoAnalysis result = lk::quality::analyze_photo(*faces, image->view(), &config, "");
        found = result.faces.size();
        benchmark::DoNotOptimize(result.quality.data());
    }
    state.counters["faces"] = double(found);
    state.counters["width"] = image->width();
    state.counters["height"] = image->height();
}

void BM_FaceAnalysisSsd(benchmark::State& state) {
    analyse(state, lk::face::DetectorKind::ssd_mobilenet_v1, at::kFloat);
}
// The nets in bfloat16 (AnalyzerOptions::placement): the same analysis, faster where the CPU has
// bfloat16 instructions.
void BM_FaceAnalysisSsdBfloat16(benchmark::State& state) {
    analyse(state, lk::face::DetectorKind::ssd_mobilenet_v1, at::kBFloat16);
}
void BM_FaceAnalysisTiny(benchmark::State& state) { analyse(state, lk::face::DetectorKind::tiny, at::kFloat); }

// The SSD detector alone on demo photo 1, float32 (0) or bfloat16 (1): the stage that dominates
// the full analysis.
void BM_SsdDetection(benchmark::State& state) {
    const lk::Image* image = photo(1);
    if (!image || !std::filesystem::exists(LIKENESS_FACE_MODELS)) {
        state.SkipWithError("the face-api demo photos or models are missing: run scripts/setup.sh");
        return;
    }
    lk::face::Placement placement;
    placement.dtype = state.range(0) ? at::kBFloat16 : at::kFloat;
    const lk::face::SsdMobilenetV1 ssd(
        lk::face::ModelWeights(LIKENESS_FACE_MODELS, lk::face::FaceModel::ssd_mobilenet_v1), placement);
    size_t found = ssd.detect(image->view(), 0.5f, 100).size();
    for (auto _ : state) {
        const std::vector<lk::face::Detection> detections = ssd.detect(image->view(), 0.5f, 100);
        found = detections.size();
        benchmark::DoNotOptimize(detections.data());
    }
    state.counters["faces"] = double(found);
}

}  // namespace

// Every quality measure of one face (demo photo 1's first), its aligned crop included: the part
// of the analysis the measures add, per face.
void BM_QualityOfOneFace(benchmark::State& state) {
    const lk::Image* image = photo(1);
    const lk::face::Analyzer* faces = analyzer(lk::face::DetectorKind::ssd_mobilenet_v1, at::kFloat);
    if (!image || !faces) {
        state.SkipWithError("the face-api demo photos or models are missing: run scripts/setup.sh");
        return;
    }
    const std::vector<lk::face::Face> found = faces->analyze(image->view());
    const lk::quality::ScoringConfig config;
    for (auto _ : state) {
        const lk::quality::FaceQuality quality =
            lk::quality::assess(lk::quality::make_measure_input(image->view(), found, 0), config);
        benchmark::DoNotOptimize(quality.unified);
    }
}

// Opening an analyzer: three model files checked by size and SHA-256, read, decoded and folded.
void BM_AnalyzerOpen(benchmark::State& state) {
    if (!std::filesystem::exists(LIKENESS_FACE_MODELS)) {
        state.SkipWithError("the face-api models are missing: run scripts/setup.sh");
        return;
    }
    for (auto _ : state) {
        const lk::face::Analyzer opened(LIKENESS_FACE_MODELS, {});
        benchmark::DoNotOptimize(&opened);
    }
}

BENCHMARK(BM_FaceAnalysisSsd)->DenseRange(1, 6)->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK(BM_FaceAnalysisSsdBfloat16)->DenseRange(1, 6)->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK(BM_FaceAnalysisTiny)->DenseRange(1, 6)->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK(BM_SsdDetection)->DenseRange(0, 1)->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK(BM_QualityOfOneFace)->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK(BM_AnalyzerOpen)->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK_MAIN();
