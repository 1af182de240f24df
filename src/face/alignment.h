// Face alignment: the similarity transform (rotation, uniform scale, translation) that takes five
// landmark-derived points onto a canonical template, and square crops resampled through it.
//
// Coordinates follow geometry.h: pixel (i, j) covers [i, i+1) x [j, j+1), so its centre is at
// (i + 0.5, j + 0.5), in the image and in the crop alike.
#pragma once

#include "core/image.h"
#include "face/geometry.h"

#include <array>
#include <cstddef>
#include <cstdint>

namespace lk::face {

// A 2x3 affine map, row-major: (x, y) -> (m[0] x + m[1] y + m[2], m[3] x + m[4] y + m[5]).
using Affine = std::array<double, 6>;

Point map_point(const Affine& transform, Point point);
// LK_ERR_INVALID_ARGUMENT when the map is singular.
Affine invert(const Affine& transform);
// The map that applies `first`, then `second`.
Affine compose(const Affine& second, const Affine& first);

// The least-squares similarity (Umeyama, without reflection) that takes `from[i]` onto `to[i]`,
// i < count.
// LK_ERR_INVALID_ARGUMENT when the source points do not span any extent (all equal) or are not
// finite.
Affine fit_similarity(const Point* from, const Point* to, std::size_t count);

// The centre of an eye: the mean of its six landmarks.
Point right_eye_centre(const Landmarks68& landmarks);
Point left_eye_centre(const Landmarks68& landmarks);

// The points alignment fits: right eye centre, left eye centre, nose tip (30), right mouth
// corner (48), left mouth corner (54).
std::array<Point, 5> alignment_points(const Landmarks68& landmarks);

// Those five points on the canonical face, in unit crop coordinates ([0, 1] across and down):
// mean_face_2d() scaled so that the eye centres are 0.28 apart, level, with their midpoint at
// (0.5, 0.38). Then the brows sit near 0.27, the chin near 0.88 and the jaw's sides near 0.19
// and 0.81: the whole landmarked face with a margin, little background.
const std::array<Point, 5>& alignment_template();

struct AlignedFace {
    Image crop;            // size x size, the photo's channel count
    Affine to_crop;        // image pixel coordinates -> crop pixel coordinates
    Affine to_image;       // the inverse
    Landmarks68 landmarks; // the face's landmarks in crop coordinates
};

// Aligns the face whose landmarks are given and resamples a size x size crop of `image`
// (bilinear). Points outside the image take the nearest edge pixel's value: a constant fill would
// put a hard edge into the crop that the photo does not have, which sharpness and blockiness
// measures would count.
AlignedFace align_face(const lk_image_view& image, const Landmarks68& landmarks, uint32_t size);

// Resamples `image` into a width x height image whose pixel coordinates p map to
// image coordinates to_image(p); bilinear, edges replicated as in align_face.
Image warp(const lk_image_view& image, const Affine& to_image, uint32_t width, uint32_t height);

}  // namespace lk::face
