// What the face models find in an image, in the image's own pixel coordinates (x right, y down,
// origin at the top-left corner of the top-left pixel).
#pragma once

#include <array>
#include <vector>

namespace lk::face {

struct Point {
    float x = 0, y = 0;
};

struct Box {
    float x = 0, y = 0, width = 0, height = 0;
    float right() const { return x + width; }
    float bottom() const { return y + height; }
    float area() const { return width * height; }
};

// Intersection over union; 0 when either box is empty.
float iou(const Box& a, const Box& b);

struct Detection {
    Box box;
    float score = 0;  // the detector's confidence, 0..1
};

// The 68 points of the iBUG 300-W / dlib scheme: jaw 0-16, right brow 17-21, left brow 22-26,
// nose 27-35, right eye 36-41, left eye 42-47, outer lips 48-59, inner lips 60-67 ("right" and
// "left" are the subject's, so the right eye is on the image's left).
using Landmarks68 = std::array<Point, 68>;

namespace landmark {
inline constexpr int jaw_first = 0, jaw_last = 16;
inline constexpr int right_brow_first = 17, right_brow_last = 21;
inline constexpr int left_brow_first = 22, left_brow_last = 26;
inline constexpr int nose_first = 27, nose_last = 35;
inline constexpr int right_eye_first = 36, right_eye_last = 41;
inline constexpr int left_eye_first = 42, left_eye_last = 47;
inline constexpr int mouth_first = 48, mouth_last = 67;
inline constexpr int inner_lips_first = 60;
}  // namespace landmark

// The mean of points [first, last].
Point centroid(const Landmarks68& points, int first, int last);

// One analysed face: where it is, its landmarks, the square the identity embedding was computed
// from (placed by the eyes and mouth, as dlib aligns faces) and the embedding (empty when the
// recognizer was not run).
struct Face {
    Detection detection;
    Landmarks68 landmarks{};
    Box descriptor_box;
    std::vector<float> descriptor;
};

}  // namespace lk::face
