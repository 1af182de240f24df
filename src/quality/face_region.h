// The pixel sets and planes that several measures share: luminance, the landmark hull of the
// aligned face, its luminance histogram, and the cheek patches.
#pragma once

#include "core/image.h"
#include "face/geometry.h"
#include "quality/measure.h"

#include <array>
#include <cstdint>
#include <vector>

namespace lk::quality {

// sRGB decoding: the linear intensity 0..1 of each 8-bit code.
const std::array<float, 256>& srgb_linear();

// The relative luminance Y = 0.2126 R + 0.7152 G + 0.0722 B of linearised sRGB, scaled to
// 0..255 (as OFIQ, which then quantises it to 8 bits). The view must have 3 or 4 channels.
Plane luminance(const lk_image_view& rgb);

// 1 for the pixels whose centres lie inside the convex hull of the landmarks, else 0.
std::vector<uint8_t> hull_mask(const face::Landmarks68& landmarks, uint32_t width,
                               uint32_t height);

// The normalised 256-bin histogram of round(Y) over the mask's pixels; all zeros for an empty
// mask.
std::array<double, 256> histogram(const Plane& luminance, const std::vector<uint8_t>& mask);

// The mean level of a normalised histogram, as a fraction of full scale (bin / 255).
double mean_level(const std::array<double, 256>& bins);

// OFIQ's face height t: the distance from the midpoint of the eye centres to the chin (8).
double eye_chin_distance(const face::Landmarks68& landmarks);

// An axis-aligned pixel rectangle.
struct Rect {
    int x = 0, y = 0, width = 0, height = 0;
};

// The two cheek patches in aligned-crop coordinates, placed as OFIQ places them: squares of side
// 0.3 x the inter-eye distance, their tops half the eye-to-mouth distance below the eye centres,
// the subject's right patch ending at the right eye centre's x, the left one starting at the left
// eye centre's x. Clipped to the crop (possibly empty).
std::array<Rect, 2> cheek_patches(const face::Landmarks68& aligned, uint32_t width, uint32_t height);

}  // namespace lk::quality
