// The invisible watermark: a keyed 32-bit payload in the luma of an image, meant to outlive
// what metadata does not (re-encoding, resizing, cropping, brightness changes).
//
// Layout. The luma is split into 4x4-pixel blocks (Haar LL2 coefficients, up to scale), cells of
// 4x4 blocks and tiles of 12x12 cells (192 pixels). Each cell carries one bit of the payload's
// code word (see payload_code.h) as the projection of its block means onto a keyed zero-mean
// +-1 pattern, quantized to one of two interleaved lattices whose step is proportional to the
// cell's mean luma: scaling the brightness scales projection and step alike, so the bit stays
// put. Tiles repeat over the image, so any 192x192 window holds every code bit, and the detector
// re-finds the grid after a crop by searching pixel phases (the lattice fits only at the true
// phase) and tile shifts (only the true one decodes).
//
// Strength. The step is chosen per image from seven levels, the strongest whose PSNR against
// the input is at least 40.5 dB; the detector tries all seven. Near black, where half of a
// cell's pixels would clip at 0, the cell is lifted first.
//
// Decision. A detection reports the p-value of its decoded code word under "no watermark": the
// chance that an unmarked image would match some valid code word, at some tried phase and shift,
// in at least as many bits. Found means p <= kWatermarkThreshold.
#pragma once

#include "core/image.h"

#include <cstdint>

namespace lk::provenance {

// Images smaller than one tile cannot carry the whole code word.
inline constexpr uint32_t kWatermarkMinSide = 192;
inline constexpr double kWatermarkThreshold = 1e-6;

struct Embedding {
    Image image;
    int strength;  // 0 (strongest) to 6
    double psnr;   // of the colour channels against the input, dB
};

// Marks a copy of the image. LK_ERR_INVALID_ARGUMENT naming the size if either side is below
// kWatermarkMinSide. Gray images carry it in their one channel; alpha is left alone.
Embedding embed_watermark(const lk_image_view& view, uint32_t payload, uint64_t key);

struct Detection {
    bool found = false;
    uint32_t payload = 0;      // meaningful when found
    double p_value = 1.0;
    int matched_bits = 0;      // of the decoded code word's bits that the image votes on
    int voted_bits = 0;
    int strength = -1;         // the level that decoded, -1 when nothing decoded
    uint32_t grid_x = 0;       // where a tile starts, modulo the tile size: 0, 0 for an image
    uint32_t grid_y = 0;       // as marked, (192 - dx) % 192 after a crop of dx pixels
};

// Looks for a watermark made with `key`. Any image size is accepted; too small to hold one is
// simply not found.
Detection detect_watermark(const lk_image_view& view, uint64_t key);

}  // namespace lk::provenance
