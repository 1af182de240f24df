// How plausible and how symmetric a face's 68 landmarks are, judged against the generic 3-D face
// of face/mean_shape.h seen from the pose and camera distance that fit them best, so that a
// turned head or a close camera is not mistaken for a malformed face.
#pragma once

#include "face/geometry.h"

#include <string_view>

namespace lk::quality {

struct LandmarkShape {
    // Full Procrustes distance (0 same shape up to position, scale and rotation; 1 unrelated) to
    // the best-fitting posed mean face.
    double procrustes_distance = 1;
    // The largest left-right mismatch of the landmarks' deviations from that face, over the
    // eyes, brows, nose wings, mouth corners and the upper and lower jaw, in eye distances
    // (0.2: one eye a fifth of the eye distance higher than its partner).
    double asymmetry = 0;
    std::string_view most_asymmetric = "eyes";  // the parts where it is largest, in words
    // The ratio of the two eyes' widths (corner to corner) over the posed mean face's, folded
    // to be at least 1: 1 for matching eyes at any yaw, 2 for one eye twice the other's width.
    double eye_width_ratio = 1;
    // The pose of the best fit: yaw (positive: the nose turned towards the image's right) and
    // pitch in degrees, to 5 degrees; camera distance in eye distances (0 for orthographic).
    double yaw_deg = 0, pitch_deg = 0, camera_distance = 0;
};

// The mean face turned by yaw (about the vertical axis, positive turning the nose towards the
// image's right) then pitch (about the horizontal axis, positive tilting the face up) and
// projected from a camera `camera_distance` eye distances away (0: orthographic); in eye
// distances, origin between the eyes.
face::Landmarks68 posed_mean_face(double yaw_deg, double pitch_deg, double camera_distance);

// Poses searched: yaw -60..60 and pitch -40..40 degrees in steps of 5, the camera orthographic
// or 8 or 5 eye distances away (a selfie at arm's length is about 7). Landmarks with no extent
// (all in one point) give the defaults: distance 1.
LandmarkShape fit_landmark_shape(const face::Landmarks68& points);

}  // namespace lk::quality
