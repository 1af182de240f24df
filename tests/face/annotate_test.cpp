// Annotation draws boxes, landmarks and scores where the faces are and leaves the rest alone.
#include "face/annotate.h"
#include "support/error_of.h"
#include "support/images.h"

#include <gtest/gtest.h>

#include <cmath>
#include <cstring>

namespace {

using lk::face::Face;

constexpr uint32_t width = 200, height = 160;

Face face_at(float x, float y, float side, float score) {
    Face face;
    face.detection = {{x, y, side, side}, score};
    for (size_t i = 0; i < face.landmarks.size(); ++i)
        face.landmarks[i] = {x + side * 0.2f + float(i % 10) * side * 0.06f,
                             y + side * 0.3f + float(i / 10) * side * 0.08f};
    return face;
}

const uint8_t* pixel(const lk::Image& image, uint32_t x, uint32_t y) {
    return image.data() + (size_t(y) * image.width() + x) * image.channels();
}

bool is(const uint8_t* p, uint8_t r, uint8_t g, uint8_t b) { return p[0] == r && p[1] == g && p[2] == b; }

// How many pixels of [x0, x1) x [y0, y1) differ between two images of the same size.
int changed(const lk::Image& a, const lk::Image& b, uint32_t x0, uint32_t y0, uint32_t x1, uint32_t y1) {
    int count = 0;
    for (uint32_t y = y0; y < y1; ++y)
        for (uint32_t x = x0; x < x1; ++x)
            count += std::memcmp(pixel(a, x, y), pixel(b, x, y), a.channels()) != 0;
    return count;
}

// The face used below: box [60, 140) x [60, 140) in a 200x160 image, whose one-pixel lines
// have a one-pixel black outline on either side.
TEST(Annotate, DrawsTheBoxOutlinedInBlackAndLeavesTheRestAlone) {
    const lk::Image photo = lk::test::gradient(width, height, 3);
    const lk::Image drawn = lk::face::annotate(photo.view(), {face_at(60, 60, 80, 0.9f)});
    EXPECT_TRUE(is(pixel(drawn, 100, 60), 0, 255, 0)) << "box colour on the top edge";
    EXPECT_TRUE(is(pixel(drawn, 100, 59), 0, 0, 0)) << "black outline outside it";
    EXPECT_TRUE(is(pixel(drawn, 100, 61), 0, 0, 0)) << "black outline inside it";
    EXPECT_TRUE(is(pixel(drawn, 139, 100), 0, 255, 0)) << "box colour on the right edge";
    EXPECT_TRUE(is(pixel(drawn, 140, 100), 0, 0, 0));
    EXPECT_TRUE(is(pixel(drawn, 100, 139), 0, 255, 0)) << "box colour on the bottom edge";
    EXPECT_EQ(changed(photo, drawn, 0, 0, 58, height), 0) << "nothing drawn left of the face";
    EXPECT_EQ(changed(photo, drawn, 141, 0, width, height), 0) << "nothing drawn right of it";
    EXPECT_EQ(changed(photo, drawn, 0, 141, width, height), 0) << "nothing drawn below it";
    EXPECT_EQ(changed(photo, drawn, 62, 62, 138, 80), 0) << "nor inside, above the landmarks";
}

TEST(Annotate, DrawsEveryLandmarkAsADot) {
    const lk::Image photo = lk::test::gradient(width, height, 3);
    const Face face = face_at(60, 60, 80, 0.9f);
    const lk::Image drawn = lk::face::annotate(photo.view(), {face});
    for (const lk::face::Point& p : face.landmarks)
        EXPECT_TRUE(is(pixel(drawn, uint32_t(p.x), uint32_t(p.y)), 0, 255, 255)) << p.x << ", " << p.y;
}

TEST(Annotate, WritesTheScoreOnALabelAboveTheBox) {
    const lk::Image photo = lk::test::constant(width, height, 3, 90);
    const lk::Image high = lk::face::annotate(photo.view(), {face_at(60, 60, 80, 0.99f)});
    const lk::Image low = lk::face::annotate(photo.view(), {face_at(60, 60, 80, 0.51f)});
    const lk::Image again = lk::face::annotate(photo.view(), {face_at(60, 60, 80, 0.99f)});
    int white = 0;
    for (uint32_t y = 40; y < 58; ++y)
        for (uint32_t x = 58; x < 100; ++x) white += is(pixel(high, x, y), 255, 255, 255);
    // "0.99" at two image pixels per font pixel: 0 has 12 font pixels, '.' 1, each 9 has 12.
    EXPECT_EQ(white, (12 + 1 + 12 + 12) * 4);
    EXPECT_GT(changed(high, low, 58, 40, 100, 58), 0) << "another score reads differently";
    EXPECT_EQ(changed(high, again, 0, 0, width, height), 0) << "drawing is deterministic";
}

TEST(Annotate, LabelGoesInsideTheBoxWhereNoRoomIsAbove) {
    const lk::Image photo = lk::test::constant(width, height, 3, 90);
    const lk::Image drawn = lk::face::annotate(photo.view(), {face_at(60, 4, 80, 0.9f)});
    int white = 0;
    for (uint32_t y = 6; y < 24; ++y)
        for (uint32_t x = 58; x < 100; ++x) white += is(pixel(drawn, x, y), 255, 255, 255);
    EXPECT_GT(white, 0);
}

TEST(Annotate, GrayBecomesRgbAndAlphaIsKept) {
    const lk::Image gray = lk::test::constant(width, height, 1, 77);
    const lk::Image from_gray = lk::face::annotate(gray.view(), {face_at(60, 60, 80, 0.9f)});
    ASSERT_EQ(from_gray.channels(), 3u);
    EXPECT_TRUE(is(pixel(from_gray, 10, 10), 77, 77, 77));
    EXPECT_TRUE(is(pixel(from_gray, 100, 60), 0, 255, 0));
    const lk::Image rgba = lk::test::constant(width, height, 4, 33);
    const lk::Image from_rgba = lk::face::annotate(rgba.view(), {face_at(60, 60, 80, 0.9f)});
    ASSERT_EQ(from_rgba.channels(), 4u);
    EXPECT_TRUE(is(pixel(from_rgba, 100, 60), 0, 255, 0));
    EXPECT_EQ(pixel(from_rgba, 100, 60)[3], 33) << "alpha as it was";
}

TEST(Annotate, LinesGrowWithTheImage) {
    const lk::Image photo = lk::test::constant(2000, 1600, 3, 90);
    const lk::Image drawn = lk::face::annotate(photo.view(), {face_at(600, 600, 800, 0.9f)});
    // 1600 / 400: four pixels of colour, then the outline.
    for (uint32_t y = 598; y < 602; ++y) EXPECT_TRUE(is(pixel(drawn, 1000, y), 0, 255, 0)) << y;
    EXPECT_TRUE(is(pixel(drawn, 1000, 597), 0, 0, 0));
    EXPECT_TRUE(is(pixel(drawn, 1000, 602), 0, 0, 0));
}

TEST(Annotate, FacesReachingOutsideTheImageAreDrawnAsFarAsTheyAreInside) {
    const lk::Image photo = lk::test::gradient(width, height, 3);
    const lk::Image drawn = lk::face::annotate(
        photo.view(), {face_at(-50, -50, 100, 0.9f), face_at(190, 150, 100, 0.8f),
                       face_at(1e20f, -1e20f, 1e30f, 0.7f)});
    EXPECT_EQ(drawn.width(), width);
    EXPECT_TRUE(is(pixel(drawn, 20, 49), 0, 255, 0)) << "the first face's bottom edge";
    EXPECT_TRUE(is(pixel(drawn, 195, 150), 0, 255, 0)) << "the second face's top edge";
}

TEST(Annotate, NonFiniteFaceIsRefusedNamingIt) {
    const lk::Image photo = lk::test::gradient(width, height, 3);
    Face bad = face_at(60, 60, 80, 0.9f);
    bad.landmarks[30].x = std::nanf("");
    const std::string message = lk::test::error_of(LK_ERR_INVALID_ARGUMENT, [&] {
        lk::face::annotate(photo.view(), {face_at(10, 10, 20, 0.9f), bad});
    });
    EXPECT_NE(message.find("face 1"), std::string::npos) << message;
}

}  // namespace
