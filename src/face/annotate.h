// Drawing what the analyzer found onto a copy of a photo, for people to look at: boxes, the 68
// landmarks as dots and each detection's score, outlined in black so that they show on any
// background, at line widths that grow with the image so that they stay visible once it is
// scaled down to a screen.
#pragma once

#include "core/image.h"
#include "face/geometry.h"

#include <vector>

namespace lk::face {

// An RGB copy of `view` (RGBA where it has alpha, which is kept) with `faces` drawn on it. Only
// the detection and landmarks of each face are read; faces partly or wholly outside the image are
// drawn as far as they are inside.
Image annotate(const lk_image_view& view, const std::vector<Face>& faces);

}  // namespace lk::face
