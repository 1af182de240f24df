// A generic 68-point 3-D face in the dlib / iBUG 300-W scheme (see geometry.h), for head-pose fits
// and as a stand-in face in tests.
//
// Axes: x to the image's right (the subject's left), y down, z towards the camera. Origin: the
// midpoint of the two eye centres (each the mean of its six eye points), which lie at x = -0.5
// and x = +0.5, y = 0, z = 0. Unit: the distance between the eye centres.
#pragma once

#include "face/geometry.h"

#include <array>

namespace lk::face {

struct Point3 {
    float x, y, z;
};

// The shape is left-right symmetric (x -> -x maps each point onto its mirror partner).
const std::array<Point3, 68>& mean_face_3d();

// The frontal (orthographic) projection of mean_face_3d(): its (x, y), in the same unit and
// origin.
Landmarks68 mean_face_2d();

}  // namespace lk::face
