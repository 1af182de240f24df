#include "face/mean_shape.h"

#include <cstddef>

namespace lk::face {

// Our own construction, not a table taken from a dataset. The frontal layout follows average
// adult proportions expressed in inter-pupil distances (about 63 mm): the face outline at the ears
// about 2.3 wide, chin about 1.85 below the eye line, brows about 0.4 above it, eye fissures about
// 0.46 wide with an eye aspect ratio near 0.3, nose tip 0.7 and mouth line 1.2 below the eyes,
// mouth about 0.8 wide. Depths are anatomical estimates: nose tip about 0.5 in front of the eye
// centres, lips about 0.3, chin about level with them, the outline at the ears about 0.95
// behind. A pose fit needs the points' relative depths roughly right, not a particular person.
const std::array<Point3, 68>& mean_face_3d() {
    static const std::array<Point3, 68> shape = {{
        // Jaw 0-16, from the image's left (the subject's right ear) round the chin.
        {-1.15f, 0.20f, -0.95f}, {-1.13f, 0.50f, -0.92f}, {-1.08f, 0.80f, -0.85f},
        {-1.00f, 1.08f, -0.75f}, {-0.88f, 1.34f, -0.60f}, {-0.70f, 1.55f, -0.42f},
        {-0.50f, 1.71f, -0.22f}, {-0.26f, 1.81f, -0.06f}, {0.00f, 1.85f, 0.02f},
        {0.26f, 1.81f, -0.06f},  {0.50f, 1.71f, -0.22f},  {0.70f, 1.55f, -0.42f},
        {0.88f, 1.34f, -0.60f},  {1.00f, 1.08f, -0.75f},  {1.08f, 0.80f, -0.85f},
        {1.13f, 0.50f, -0.92f},  {1.15f, 0.20f, -0.95f},
        // Right brow 17-21 (outer to inner), left brow 22-26 (inner to outer).
        {-0.90f, -0.30f, -0.35f}, {-0.72f, -0.42f, -0.15f}, {-0.52f, -0.46f, -0.03f},
        {-0.32f, -0.44f, 0.04f},  {-0.14f, -0.38f, 0.07f},
        {0.14f, -0.38f, 0.07f},   {0.32f, -0.44f, 0.04f},   {0.52f, -0.46f, -0.03f},
        {0.72f, -0.42f, -0.15f},  {0.90f, -0.30f, -0.35f},
        // Nose: bridge 27-30 from the nasion down to the tip, then the base 31-35.
        {0.00f, -0.05f, 0.10f}, {0.00f, 0.20f, 0.22f}, {0.00f, 0.45f, 0.36f},
        {0.00f, 0.70f, 0.52f},
        {-0.26f, 0.84f, 0.22f}, {-0.13f, 0.88f, 0.30f}, {0.00f, 0.90f, 0.34f},
        {0.13f, 0.88f, 0.30f},  {0.26f, 0.84f, 0.22f},
        // Right eye 36-41: outer corner, upper lid, inner corner, lower lid. Depths sum to 0.
        {-0.73f, 0.02f, -0.10f}, {-0.58f, -0.08f, 0.03f}, {-0.42f, -0.08f, 0.04f},
        {-0.27f, 0.02f, -0.02f}, {-0.42f, 0.06f, 0.03f},  {-0.58f, 0.06f, 0.02f},
        // Left eye 42-47: inner corner, upper lid, outer corner, lower lid.
        {0.27f, 0.02f, -0.02f}, {0.42f, -0.08f, 0.04f}, {0.58f, -0.08f, 0.03f},
        {0.73f, 0.02f, -0.10f}, {0.58f, 0.06f, 0.02f},  {0.42f, 0.06f, 0.03f},
        // Outer lips 48-59: right corner, upper lip to the left corner, lower lip back.
        {-0.40f, 1.20f, 0.10f}, {-0.26f, 1.10f, 0.24f}, {-0.10f, 1.05f, 0.32f},
        {0.00f, 1.07f, 0.33f},  {0.10f, 1.05f, 0.32f},  {0.26f, 1.10f, 0.24f},
        {0.40f, 1.20f, 0.10f},  {0.26f, 1.31f, 0.22f},  {0.12f, 1.36f, 0.28f},
        {0.00f, 1.37f, 0.29f},  {-0.12f, 1.36f, 0.28f}, {-0.26f, 1.31f, 0.22f},
        // Inner lips 60-67 (mouth closed): right corner, upper, left corner, lower.
        {-0.34f, 1.20f, 0.12f}, {-0.14f, 1.17f, 0.27f}, {0.00f, 1.18f, 0.29f},
        {0.14f, 1.17f, 0.27f},  {0.34f, 1.20f, 0.12f},  {0.14f, 1.19f, 0.27f},
        {0.00f, 1.20f, 0.29f},  {-0.14f, 1.19f, 0.27f},
    }};
    return shape;
}

Landmarks68 mean_face_2d() {
    Landmarks68 points;
    const auto& shape = mean_face_3d();
    for (std::size_t i = 0; i < shape.size(); ++i) points[i] = {shape[i].x, shape[i].y};
    return points;
}

}  // namespace lk::face
