// The face model ports' building blocks: TensorFlow's padding and face-api's input rules, NMS,
// model file checks, and the analyzer's answers to images without faces.
#include "face/analyzer.h"
#include "face/model_files.h"
#include "face/net_input.h"
#include "face/nms.h"
#include "face/tf_ops.h"
#include "core/image.h"
#include "io/image_file.h"
#include "support/cuda.h"
#include "support/error_of.h"
#include "support/temp_directory.h"

#include <ATen/ops/full.h>
#include <ATen/ops/ones.h>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cmath>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <vector>

namespace lk::face {
namespace {

using ::testing::HasSubstr;

TEST(TfOps, SamePaddingWithStrideTwoPutsTheOddPixelAfter) {
    // 4x4 ones, 3x3 ones, stride 2: TensorFlow pads one row and column after, none before, so the
    // first output sees a full 3x3 window and the last ones lose the padding.
    const at::Tensor out = conv_same(at::ones({1, 1, 4, 4}), at::ones({1, 1, 3, 3}), {}, 2).contiguous();
    const float* v = out.data_ptr<float>();
    EXPECT_EQ(std::vector<float>(v, v + 4), (std::vector<float>{9, 6, 6, 4}));
}

TEST(TfOps, MaxPoolSameNeverPicksThePadding) {
    const at::Tensor out = max_pool_same(at::full({1, 1, 3, 3}, -5.0f), 2, 2).contiguous();
    ASSERT_EQ(out.size(2), 2);
    const float* v = out.data_ptr<float>();
    for (int i = 0; i < 4; ++i) EXPECT_EQ(v[i], -5.0f);
}

lk::Image gradient(uint32_t width, uint32_t height) {
    lk::Image image(width, height, 3);
    for (uint32_t y = 0; y < height; ++y)
        for (uint32_t x = 0; x < width; ++x)
            for (int c = 0; c < 3; ++c) image.data()[(y * width + x) * 3 + c] = uint8_t(100 * x + c);
    return image;
}

TEST(NetInput, ResizesWithoutHalfPixelCentres) {
    // A 2x2 image to 4x4: source = destination * 0.5, so columns sample 0, 0.5, 1 and 1 (clamped).
    const lk::Image image = gradient(2, 2);
    const at::Tensor out = square_input(image.view(), {0, 0, 2, 2}, false, 4).contiguous();
    const float* red = out.data_ptr<float>();
    EXPECT_EQ(std::vector<float>(red, red + 4), (std::vector<float>{0, 50, 100, 100}));
}

TEST(NetInput, CentredPaddingPutsTheOddPixelAfter) {
    // One column four tall: three columns of padding, one before and two after (face-api appends
    // round(3 / 2) = 2).
    const lk::Image image = gradient(3, 4);
    const at::Tensor out = square_input(image.view(), {2, 0, 1, 4}, true, 4).contiguous();
    const float* red = out.data_ptr<float>();
    EXPECT_EQ(std::vector<float>(red, red + 4), (std::vector<float>{0, 200, 0, 0}));
    const at::Tensor corner = square_input(image.view(), {2, 0, 1, 4}, false, 4).contiguous();
    EXPECT_EQ(corner.data_ptr<float>()[0], 200.0f) << "uncentred padding goes after the image";
}

TEST(Nms, KeepsTheBestAndDropsWhatOverlapsItMoreThanTheThreshold) {
    const std::vector<Box> boxes{{0, 0, 10, 10}, {1, 0, 10, 10}, {5, 0, 10, 10}, {50, 50, 5, 5}};
    const std::vector<float> scores{0.8f, 0.9f, 0.7f, 0.6f};
    // Box 1 beats box 0 (IoU 0.82) but not box 2 (IoU 0.38 with box 1).
    EXPECT_EQ(greedy_nms(boxes, scores, 0.5f, 10), (std::vector<size_t>{1, 2, 3}));
    EXPECT_EQ(greedy_nms(boxes, scores, 0.5f, 2), (std::vector<size_t>{1, 2}));
}

TEST(ClipToImage, ClipsThenFloorsEachSideAsFaceApiDoes) {
    const PixelRect r = clip_to_image({-3.5f, 2.7f, 10.9f, 5.2f}, 100, 6);
    EXPECT_EQ(r.x, 0);
    EXPECT_EQ(r.y, 2);
    EXPECT_EQ(r.width, 7);   // right edge 7.4
    EXPECT_EQ(r.height, 3);  // clipped to 6 - 2.7 = 3.3
    EXPECT_EQ(clip_to_image({200, 0, 10, 10}, 100, 100).width, 0);
}

bool have_models() { return std::filesystem::exists(std::string(LIKENESS_FACE_MODELS) + "/" + model_files(FaceModel::landmarks_68).weights); }

// A copy of the model folder, for tests that damage a file.
std::string copy_models(const test::TempDirectory& dir) {
    for (const auto& entry : std::filesystem::directory_iterator(LIKENESS_FACE_MODELS))
        std::filesystem::copy(entry.path(), dir.file(entry.path().filename().string()));
    return dir.path();
}

TEST(ModelFiles, MissingTruncatedOrAlteredFilesAreRefusedByName) {
    if (!have_models()) GTEST_SKIP() << "models/face-api is missing: run scripts/setup.sh";
    test::TempDirectory dir;
    const std::string models = copy_models(dir);
    const ModelFiles& files = model_files(FaceModel::landmarks_68);
    const std::string weights = dir.file(files.weights);

    std::filesystem::resize_file(weights, files.weights_size - 1);
    EXPECT_THAT(test::error_of(LK_ERR_FORMAT, [&] { verified_manifest(models, FaceModel::landmarks_68); }),
                AllOf(HasSubstr(files.weights), HasSubstr("356839 bytes"), HasSubstr("356840")));

    std::filesystem::copy(std::string(LIKENESS_FACE_MODELS) + "/" + files.weights, weights,
                          std::filesystem::copy_options::overwrite_existing);
    {
        std::fstream file(weights, std::ios::in | std::ios::out | std::ios::binary);
        file.seekp(1000);
        file.put('\x5a');
    }
    EXPECT_THAT(test::error_of(LK_ERR_FORMAT, [&] { Analyzer(models, {}); }),
                AllOf(HasSubstr(files.weights), HasSubstr("SHA-256"), HasSubstr(files.weights_sha256)));

    std::filesystem::remove(weights);
    EXPECT_THAT(test::error_of(LK_ERR_IO, [&] { verified_manifest(models, FaceModel::landmarks_68); }),
                HasSubstr(files.weights));
}

TEST(Analyzer, RefusesOptionsOutOfRange) {
    AnalyzerOptions options;
    options.min_confidence = 1.5f;
    EXPECT_THAT(test::error_of(LK_ERR_INVALID_ARGUMENT, [&] { Analyzer(LIKENESS_FACE_MODELS, options); }),
                HasSubstr("min_confidence"));
    options = {};
    options.detector = DetectorKind::tiny;
    options.tiny_input_size = 100;
    EXPECT_THAT(test::error_of(LK_ERR_INVALID_ARGUMENT, [&] { Analyzer(LIKENESS_FACE_MODELS, options); }),
                HasSubstr("multiple of 32"));
}

TEST(Analyzer, FindsNoFaceInFlatOrTinyImages) {
    if (!have_models()) GTEST_SKIP() << "models/face-api is missing: run scripts/setup.sh";
    for (const DetectorKind detector : {DetectorKind::ssd_mobilenet_v1, DetectorKind::tiny}) {
        AnalyzerOptions options;
        options.detector = detector;
        const Analyzer analyzer(LIKENESS_FACE_MODELS, options);
        lk::Image flat(640, 480, 3);
        std::memset(flat.data(), 128, 640 * 480 * 3);
        EXPECT_TRUE(analyzer.analyze(flat.view()).empty());
        lk::Image dot(1, 1, 1);
        dot.data()[0] = 200;
        EXPECT_TRUE(analyzer.analyze(dot.view()).empty());
    }
}

TEST(Analyzer, GrayAndAlphaInputFindTheSameFacesAsRgb) {
    const std::string photo = std::string(LIKENESS_FACE_DEMO) + "/sample1.jpg";
    if (!have_models() || !std::filesystem::exists(photo))
        GTEST_SKIP() << "models/face-api or the demo photos are missing: run scripts/setup.sh";
    const Analyzer analyzer(LIKENESS_FACE_MODELS, {});
    const lk::Image rgb = io::load_image(photo, 3);
    const std::vector<Face> reference = analyzer.analyze(rgb.view());
    ASSERT_EQ(reference.size(), 3u);
    const std::vector<Face> rgba = analyzer.analyze(convert_channels(rgb.view(), 4).view());
    ASSERT_EQ(rgba.size(), reference.size());
    for (size_t i = 0; i < rgba.size(); ++i) {
        EXPECT_EQ(rgba[i].detection.score, reference[i].detection.score) << "alpha is ignored";
        EXPECT_EQ(rgba[i].descriptor, reference[i].descriptor);
    }
    const std::vector<Face> gray = analyzer.analyze(convert_channels(rgb.view(), 1).view());
    ASSERT_EQ(gray.size(), reference.size()) << "the same three faces in gray";
    for (const Face& g : gray) {
        float best = 0;
        for (const Face& r : reference) best = std::max(best, iou(g.detection.box, r.detection.box));
        EXPECT_GT(best, 0.8f);
    }
}

// The bfloat16 option's measured deviations on the demo photos (docs/face.md) are about those of
// changing JPEG decoders; this pins the same faces, IoU above 0.95 and descriptors well inside
// the same-person distance.
TEST(Analyzer, Bfloat16FindsTheSameFacesNearTheFloatResults) {
    const std::string photo = std::string(LIKENESS_FACE_DEMO) + "/sample1.jpg";
    if (!have_models() || !std::filesystem::exists(photo))
        GTEST_SKIP() << "models/face-api or the demo photos are missing: run scripts/setup.sh";
    const lk::Image rgb = io::load_image(photo, 3);
    AnalyzerOptions options;
    options.placement.dtype = at::kBFloat16;
    const std::vector<Face> reference = Analyzer(LIKENESS_FACE_MODELS, {}).analyze(rgb.view());
    const std::vector<Face> fast = Analyzer(LIKENESS_FACE_MODELS, options).analyze(rgb.view());
    ASSERT_EQ(fast.size(), reference.size());
    for (size_t i = 0; i < fast.size(); ++i) {
        EXPECT_GT(iou(fast[i].detection.box, reference[i].detection.box), 0.95f);
        EXPECT_NEAR(fast[i].detection.score, reference[i].detection.score, 0.03);
        float distance = 0;
        for (size_t k = 0; k < fast[i].descriptor.size(); ++k)
            distance += (fast[i].descriptor[k] - reference[i].descriptor[k]) * (fast[i].descriptor[k] - reference[i].descriptor[k]);
        EXPECT_LT(std::sqrt(distance), 0.2f);
    }
}

TEST(Analyzer, RunsOnCudaWithTheCpuResults) {
    LK_REQUIRE_CUDA();
    const std::string photo = std::string(LIKENESS_FACE_DEMO) + "/sample1.jpg";
    if (!have_models() || !std::filesystem::exists(photo))
        GTEST_SKIP() << "models/face-api or the demo photos are missing: run scripts/setup.sh";
    const lk::Image rgb = io::load_image(photo, 3);
    AnalyzerOptions options;
    options.placement.device = c10::Device(c10::kCUDA, 0);
    const std::vector<Face> cpu = Analyzer(LIKENESS_FACE_MODELS, {}).analyze(rgb.view());
    const std::vector<Face> cuda = Analyzer(LIKENESS_FACE_MODELS, options).analyze(rgb.view());
    ASSERT_EQ(cuda.size(), cpu.size());
    for (size_t i = 0; i < cpu.size(); ++i) {
        EXPECT_GT(iou(cuda[i].detection.box, cpu[i].detection.box), 0.99f);
        EXPECT_NEAR(cuda[i].detection.score, cpu[i].detection.score, 1e-3);
        float distance = 0;
        for (size_t k = 0; k < cpu[i].descriptor.size(); ++k)
            distance += (cuda[i].descriptor[k] - cpu[i].descriptor[k]) * (cuda[i].descriptor[k] - cpu[i].descriptor[k]);
        EXPECT_LT(std::sqrt(distance), 0.01f);
    }
}

}  // namespace
}  // namespace lk::face
