// The landmark limits of the generated-face check against real faces: face-api's 68-point net
// (ported in src/face) on its own demo photos must not call a real face malformed.
#include "face/analyzer.h"
#include "io/image_file.h"
#include "quality/generated_flaws.h"
#include "quality/landmark_shape.h"
#include "quality/spectral_images.h"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <cmath>
#include <cstdio>
#include <filesystem>

namespace lk::quality {
namespace {

bool have_models_and_photos() {
    const std::string net = std::string(LIKENESS_FACE_MODELS) + "/face_landmark_68_model.bin";
    return !test::demo_photos().empty() && std::filesystem::exists(net);
}

#define LK_REQUIRE_FACE_MODELS()                                                              \
    if (!have_models_and_photos())                                                            \
    GTEST_SKIP() << "models/face-api or face-api's demo photos are missing: scripts/setup.sh " \
                    "installs them"

// What the face models find, as the checks take it (no quality measures: they are not run here).
PhotoAnalysis analyse(const face::Analyzer& analyzer, const Image& image, const std::string& name) {
    PhotoAnalysis p;
    p.source = name;
    p.width = image.width();
    p.height = image.height();
    p.faces = analyzer.analyze(image.view());
    p.quality.resize(p.faces.size());
    return p;
}

TEST(RealFaces, DemoPhotoFacesPassTheLandmarkChecks) {
    LK_REQUIRE_FACE_MODELS();
    const std::vector<std::string> photos = test::demo_photos();
    const face::Analyzer analyzer(LIKENESS_FACE_MODELS, {});
    const FlawOptions limits;
    size_t checked = 0;
    for (const std::string& path : photos) {
        const Image image = io::load_image(path, 3);
        const std::vector<face::Face> faces = analyzer.analyze(image.view());
        for (size_t i = 0; i < faces.size(); ++i) {
            const face::Landmarks68& l = faces[i].landmarks;
            const face::Point r = face::centroid(l, 36, 41), e = face::centroid(l, 42, 47);
            const double eyes = std::hypot(r.x - e.x, r.y - e.y);
            // Generated faces are large; the landmark net's error on faces a few dozen pixels
            // wide says nothing about them.
            if (eyes < 40) continue;
            const LandmarkShape s = fit_landmark_shape(l);
            std::printf("%s face %zu: eyes %.0f px, fitted yaw %.0f pitch %.0f camera %.0f; "
                        "Procrustes %.3f, asymmetry %.3f (%s), eye widths %.2f\n",
                        path.substr(path.rfind('/') + 1).c_str(), i, eyes, s.yaw_deg, s.pitch_deg,
                        s.camera_distance, s.procrustes_distance, s.asymmetry,
                        std::string(s.most_asymmetric).c_str(), s.eye_width_ratio);
            SCOPED_TRACE(path + " face " + std::to_string(i));
            EXPECT_LT(s.procrustes_distance, limits.max_procrustes_distance);
            EXPECT_LT(s.asymmetry, limits.max_asymmetry);
            if (std::abs(s.yaw_deg) <= limits.max_eye_check_yaw_deg)
                EXPECT_LT(s.eye_width_ratio, limits.max_eye_width_ratio);
            ++checked;
        }
    }
    EXPECT_GT(checked, 0u);
}

// The whole assessment on real analyses: each demo photo as taken is kept, and its copy upsampled
// 2x from half size, analysed afresh, is rejected for upsampling and for nothing else.
TEST(RealFaces, DemoPhotosAreKeptAndTheirUpsampledCopiesRejected) {
    LK_REQUIRE_FACE_MODELS();
    const face::Analyzer analyzer(LIKENESS_FACE_MODELS, {});
    for (const std::string& path : test::demo_photos()) {
        SCOPED_TRACE(path);
        const Image grey = io::load_image(path, 1);
        const Image upsampled = test::upsample_2x(test::half_size(grey), false);
        const FlawReport clean = assess_generated_face(analyse(analyzer, grey, path), grey, {});
        const FlawReport damaged =
            assess_generated_face(analyse(analyzer, upsampled, path), upsampled, {});
        EXPECT_TRUE(filter_decision(clean, {}).keep) << to_json(clean).dump();
        const FilterDecision decision = filter_decision(damaged, {});
        EXPECT_FALSE(decision.keep);
        ASSERT_EQ(decision.reasons.size(), 1u) << to_json(damaged).dump();
        EXPECT_EQ(decision.reasons[0].code, "upsampling_artifacts");
    }
}

}  // namespace
}  // namespace lk::quality
