#include "quality/head_pose.h"

#include "face/alignment.h"
#include "quality/synthetic_face.h"
#include "support/error_of.h"

#include <gtest/gtest.h>

#include <cmath>

namespace lk::quality {
namespace {

TEST(HeadPose, FrontalGenericFaceIsZero) {
    const HeadPose pose = estimate_head_pose(test::posed_landmarks({}));
    EXPECT_NEAR(pose.yaw, 0, 1e-3);
    EXPECT_NEAR(pose.pitch, 0, 1e-3);
    EXPECT_NEAR(pose.roll, 0, 1e-3);
}

TEST(HeadPose, RotatedLandmarksGiveTheRollAndAgreeWithTheEyeLine) {
    for (float roll : {-35.0f, -12.0f, 8.0f, 27.0f}) {
        test::FacePlacement at;
        at.roll = roll;
        const face::Landmarks68 landmarks = test::posed_landmarks(at);
        const HeadPose pose = estimate_head_pose(landmarks);
        EXPECT_NEAR(pose.roll, roll, 1.0);
        const face::Point r = face::right_eye_centre(landmarks), l = face::left_eye_centre(landmarks);
        const double eye_line = std::atan2(l.y - r.y, l.x - r.x) * 180 / 3.14159265358979323846;
        EXPECT_NEAR(pose.roll, eye_line, 1.0);
        EXPECT_NEAR(pose.yaw, 0, 1.0);
    }
}

TEST(HeadPose, YawedAndPitchedShapeGivesItsAngles) {
    for (auto [yaw, pitch] : {std::pair{25.0f, 0.0f}, std::pair{-40.0f, 10.0f}, std::pair{10.0f, -20.0f}}) {
        test::FacePlacement at;
        at.yaw = yaw, at.pitch = pitch, at.roll = 5;
        const HeadPose pose = estimate_head_pose(test::posed_landmarks(at));
        EXPECT_NEAR(pose.yaw, yaw, 3.0) << "yaw " << yaw << " pitch " << pitch;
        EXPECT_NEAR(pose.pitch, pitch, 3.0) << "yaw " << yaw << " pitch " << pitch;
        EXPECT_NEAR(pose.roll, 5, 3.0) << "yaw " << yaw << " pitch " << pitch;
    }
}

TEST(HeadPose, YawIsFoundWhenTheFaceDiffersFromTheModel) {
    // A wider, flatter face than the model, turned: the fit still finds the turn roughly.
    test::FacePlacement at;
    at.yaw = 30;
    face::Landmarks68 landmarks = test::posed_landmarks(at);
    for (face::Point& p : landmarks) p.x = at.centre_x + 1.1f * (p.x - at.centre_x);
    EXPECT_NEAR(estimate_head_pose(landmarks).yaw, 30, 6.0);
}

TEST(HeadPose, ComponentIsCosineSquaredAndSymmetric) {
    const HeadPoseAngle yaw(HeadPoseAngle::Axis::yaw);
    const ScoringConfig config;
    EXPECT_DOUBLE_EQ(yaw.component(0, config), 100);
    EXPECT_NEAR(yaw.component(60, config), 25, 1e-9);
    EXPECT_NEAR(yaw.component(-60, config), 25, 1e-9);
    EXPECT_DOUBLE_EQ(yaw.component(120, config), 0);
}

TEST(HeadPose, DegenerateLandmarksAreRefused) {
    face::Landmarks68 same;
    same.fill({3, 4});
    EXPECT_NE(test::error_of(LK_ERR_INVALID_ARGUMENT, [&] { estimate_head_pose(same); })
                  .find("no extent"),
              std::string::npos);
}

}  // namespace
}  // namespace lk::quality
