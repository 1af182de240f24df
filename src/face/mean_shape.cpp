#include "face/mean_shape.h"

#include <cstddef>

namespace lk::face {

// The frontal (x, y) layout is the left-right symmetrised median of face-api's 68-point landmarks
// on the near-frontal faces of its six demo photos (9 faces, nose tip within 0.12 of the eyes'
// midline), after moving each face's eye centres to (-0.5, 0) and (0.5, 0), with the lips set
// closed; it agrees with average adult proportions (eye line to mouth about 1.0 and to chin about
// 1.8 inter-pupil distances). The depths are our anatomical estimates: nose tip about 0.5 in front
// of the eye centres, lips about 0.3, chin about level with them, the outline at the ears about
// 0.95 behind. A pose fit needs the points' relative depths roughly right, not a particular person.
const std::array<Point3, 68>& mean_face_3d() {
    static const std::array<Point3, 68> shape = {{
        // Jaw 0-16, from the image's left (the subject's right ear) round the chin.
        {-1.10f, 0.02f, -0.95f}, {-1.08f, 0.31f, -0.92f}, {-1.03f, 0.59f, -0.85f},
        {-0.98f, 0.85f, -0.75f}, {-0.89f, 1.09f, -0.60f}, {-0.74f, 1.32f, -0.42f},
        {-0.56f, 1.50f, -0.22f}, {-0.32f, 1.67f, -0.06f}, {0.00f, 1.78f, 0.02f},
        {0.32f, 1.67f, -0.06f},  {0.56f, 1.50f, -0.22f},  {0.74f, 1.32f, -0.42f},
        {0.89f, 1.09f, -0.60f},  {0.98f, 0.85f, -0.75f},  {1.03f, 0.59f, -0.85f},
        {1.08f, 0.31f, -0.92f},  {1.10f, 0.02f, -0.95f},
        // Right brow 17-21 (outer to inner), left brow 22-26 (inner to outer).
        {-0.91f, -0.26f, -0.35f}, {-0.76f, -0.36f, -0.15f}, {-0.59f, -0.38f, -0.03f},
        {-0.43f, -0.34f, 0.04f},  {-0.29f, -0.28f, 0.07f},
        {0.29f, -0.28f, 0.07f},   {0.43f, -0.34f, 0.04f},   {0.59f, -0.38f, -0.03f},
        {0.76f, -0.36f, -0.15f},  {0.91f, -0.26f, -0.35f},
        // Nose: bridge 27-30 from the nasion down to the tip, then the base 31-35.
        {0.00f, 0.05f, 0.10f}, {0.00f, 0.26f, 0.22f}, {0.00f, 0.46f, 0.36f},
        {0.00f, 0.63f, 0.52f},
        {-0.18f, 0.73f, 0.22f}, {-0.10f, 0.76f, 0.30f}, {0.00f, 0.78f, 0.34f},
        {0.10f, 0.76f, 0.30f},  {0.18f, 0.73f, 0.22f},
        // Right eye 36-41: outer corner, upper lid, inner corner, lower lid. Depths sum to 0.
        {-0.69f, -0.02f, -0.10f}, {-0.58f, -0.06f, 0.03f}, {-0.43f, -0.06f, 0.04f},
        {-0.30f, 0.02f, -0.02f},  {-0.42f, 0.06f, 0.03f},  {-0.58f, 0.06f, 0.02f},
        // Left eye 42-47: inner corner, upper lid, outer corner, lower lid.
        {0.30f, 0.02f, -0.02f}, {0.43f, -0.06f, 0.04f}, {0.58f, -0.06f, 0.03f},
        {0.69f, -0.02f, -0.10f}, {0.58f, 0.06f, 0.02f}, {0.42f, 0.06f, 0.03f},
        // Outer lips 48-59: right corner, upper lip to the left corner, lower lip back.
        {-0.40f, 1.05f, 0.10f}, {-0.27f, 0.99f, 0.24f}, {-0.09f, 0.96f, 0.32f},
        {0.00f, 0.98f, 0.33f},  {0.09f, 0.96f, 0.32f},  {0.27f, 0.99f, 0.24f},
        {0.40f, 1.05f, 0.10f},  {0.27f, 1.17f, 0.22f},  {0.13f, 1.22f, 0.28f},
        {0.00f, 1.23f, 0.29f},  {-0.13f, 1.22f, 0.28f}, {-0.27f, 1.17f, 0.22f},
        // Inner lips 60-67 (mouth closed): right corner, upper, left corner, lower.
        {-0.35f, 1.05f, 0.12f}, {-0.13f, 1.04f, 0.27f}, {0.00f, 1.05f, 0.29f},
        {0.13f, 1.04f, 0.27f},  {0.35f, 1.05f, 0.12f},  {0.13f, 1.06f, 0.27f},
        {0.00f, 1.07f, 0.29f},  {-0.13f, 1.06f, 0.27f},
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
