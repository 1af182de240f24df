#include "face/alignment.h"
#include "face/mean_shape.h"

#include "support/error_of.h"
#include "quality/synthetic_face.h"
#include "support/images.h"

#include <gtest/gtest.h>

#include <cmath>

namespace lk::face {
namespace {

Affine similarity(double degrees, double scale, double tx, double ty) {
    const double a = std::cos(degrees * 3.14159265358979323846 / 180) * scale;
    const double b = std::sin(degrees * 3.14159265358979323846 / 180) * scale;
    return {a, -b, tx, b, a, ty};
}

TEST(MeanShape, IsSymmetricWithEyeCentresAtPlusMinusHalf) {
    const Landmarks68 shape = mean_face_2d();
    EXPECT_NEAR(right_eye_centre(shape).x, -0.5f, 1e-6);
    EXPECT_NEAR(left_eye_centre(shape).x, 0.5f, 1e-6);
    EXPECT_NEAR(right_eye_centre(shape).y, 0.0f, 1e-6);
    EXPECT_NEAR(left_eye_centre(shape).y, 0.0f, 1e-6);
    // Mirroring x must map the shape onto itself (the set of points, as the scheme pairs them).
    for (const Point& p : shape) {
        bool mirrored = false;
        for (const Point& q : shape) mirrored = mirrored || (q.x == -p.x && q.y == p.y);
        EXPECT_TRUE(mirrored) << p.x << ", " << p.y;
    }
    EXPECT_GT(mean_face_3d()[30].z, mean_face_3d()[0].z) << "the nose tip is in front of the jaw";
}

TEST(Alignment, RecoversAKnownSimilarityBetweenTwoImages) {
    test::FacePlacement at;
    at.centre_x = 100, at.centre_y = 90, at.eye_distance = 50;
    const Landmarks68 before = test::posed_landmarks(at);
    const Image photo = test::draw_face(200, 200, at);
    // The second photo is the first turned by 20 degrees, enlarged 1.3x and moved.
    const Affine moved = similarity(20, 1.3, 15, -7);
    const Image turned = warp(photo.view(), invert(moved), 260, 260);
    Landmarks68 after;
    for (std::size_t i = 0; i < before.size(); ++i) after[i] = map_point(moved, before[i]);

    const AlignedFace a = align_face(photo.view(), before, 128);
    const AlignedFace b = align_face(turned.view(), after, 128);
    // b.to_crop after `moved` is a.to_crop, so b.to_image after a.to_crop is `moved`.
    const Affine recovered = compose(b.to_image, a.to_crop);
    for (int i = 0; i < 6; ++i) EXPECT_NEAR(recovered[i], moved[i], 1e-3) << "entry " << i;
    // And the two crops show the same face.
    double difference = 0;
    for (std::size_t i = 0; i < 128 * 128 * 3; ++i)
        difference += std::abs(int(a.crop.data()[i]) - int(b.crop.data()[i]));
    EXPECT_LT(difference / (128 * 128 * 3), 6.0);
}

TEST(Alignment, PutsTheFivePointsOnTheTemplateAndMapsBack) {
    test::FacePlacement at;
    at.roll = 25, at.eye_distance = 40;
    const Landmarks68 landmarks = test::posed_landmarks(at);
    const Image photo = test::draw_face(192, 160, at);
    const AlignedFace aligned = align_face(photo.view(), landmarks, 100);
    const auto points = alignment_points(aligned.landmarks);
    for (std::size_t i = 0; i < points.size(); ++i) {
        EXPECT_NEAR(points[i].x, alignment_template()[i].x * 100, 1e-3) << "point " << i;
        EXPECT_NEAR(points[i].y, alignment_template()[i].y * 100, 1e-3) << "point " << i;
    }
    EXPECT_NEAR(right_eye_centre(aligned.landmarks).y, left_eye_centre(aligned.landmarks).y, 1e-3);
    for (std::size_t i = 0; i < landmarks.size(); ++i) {
        const Point back = map_point(aligned.to_image, aligned.landmarks[i]);
        EXPECT_NEAR(back.x, landmarks[i].x, 1e-3);
        EXPECT_NEAR(back.y, landmarks[i].y, 1e-3);
    }
}

TEST(Alignment, CropOfMarkedPointsLandsOnTheTemplate) {
    // Bright 3x3 marks at the five alignment points of a face turned by 30 degrees, drawn at the
    // crop's own scale; in the crop each mark must sit at its template position.
    test::FacePlacement at;
    at.centre_x = 100, at.centre_y = 100, at.eye_distance = 0.28f * 200, at.roll = 30;
    const Landmarks68 landmarks = test::posed_landmarks(at);
    Image photo = test::constant(200, 200, 3, 0);
    for (const Point& p : alignment_points(landmarks))
        for (int dy = -1; dy <= 1; ++dy)
            for (int dx = -1; dx <= 1; ++dx) {
                const int x = int(p.x) + dx, y = int(p.y) + dy;
                std::fill_n(photo.data() + (std::size_t(y) * 200 + x) * 3, 3, 255);
            }
    const AlignedFace aligned = align_face(photo.view(), landmarks, 200);
    for (const Point& t : alignment_template()) {
        const int x = int(t.x * 200), y = int(t.y * 200);
        EXPECT_GT(aligned.crop.data()[(std::size_t(y) * 200 + x) * 3], 100) << x << ", " << y;
    }
    // Away from the marks the crop stays dark.
    EXPECT_EQ(aligned.crop.data()[(std::size_t(20) * 200 + 20) * 3], 0);
}

TEST(Alignment, OutsideTheImageRepeatsTheEdge) {
    // A face near the corner: the crop reaches past the photo and must show the edge's colour.
    Image photo = test::constant(64, 64, 3, 77);
    test::FacePlacement at;
    at.centre_x = 10, at.centre_y = 10, at.eye_distance = 20;
    const AlignedFace aligned = align_face(photo.view(), test::posed_landmarks(at), 64);
    for (std::size_t i = 0; i < 64 * 64 * 3; ++i) ASSERT_EQ(aligned.crop.data()[i], 77);
}

TEST(Alignment, CoincidingLandmarksAreRefused) {
    Landmarks68 same;
    same.fill({50, 50});
    const Image photo = test::constant(100, 100, 3, 0);
    const std::string message = test::error_of(LK_ERR_INVALID_ARGUMENT, [&] {
        align_face(photo.view(), same, 64);
    });
    EXPECT_NE(message.find("coincide"), std::string::npos) << message;
}

TEST(Alignment, NonFiniteLandmarksAndBadSizesAreRefused) {
    Landmarks68 landmarks = test::posed_landmarks({});
    const Image photo = test::constant(100, 100, 3, 0);
    EXPECT_NE(test::error_of(LK_ERR_INVALID_ARGUMENT, [&] { align_face(photo.view(), landmarks, 0); })
                  .find("size 0"),
              std::string::npos);
    landmarks[30].x = std::nanf("");
    EXPECT_NE(test::error_of(LK_ERR_INVALID_ARGUMENT, [&] { align_face(photo.view(), landmarks, 64); })
                  .find("not finite"),
              std::string::npos);
}

TEST(Alignment, SingularMapsAreNotInverted) {
    EXPECT_NE(test::error_of(LK_ERR_INVALID_ARGUMENT, [] { invert({1, 2, 0, 2, 4, 0}); })
                  .find("singular"),
              std::string::npos);
}

}  // namespace
}  // namespace lk::face
