// What every quality measure reads, and the interface each measure implements.
#pragma once

#include "core/image.h"
#include "face/alignment.h"
#include "face/geometry.h"
#include "quality/scoring_config.h"

#include <cstddef>
#include <array>
#include <cstdint>
#include <memory>
#include <string_view>
#include <vector>

namespace lk::quality {

// The side of the square aligned crop the measures share (see face/alignment.h for its layout).
inline constexpr uint32_t aligned_crop_size = 256;

// A single-channel float image.
struct Plane {
    uint32_t width = 0, height = 0;
    std::vector<float> values;
    float at(uint32_t x, uint32_t y) const { return values[std::size_t(y) * width + x]; }
};

struct MeasureInput {
    lk_image_view photo;              // borrowed: 8-bit RGB, outlives the input
    std::vector<face::Face> faces;    // every face found in the photo
    std::size_t judged = 0;           // index of the face judged
    face::AlignedFace aligned;        // the judged face's crop, computed once
    // What several measures read, computed once with the crop: its luminance (face_region.h), the
    // aligned landmarks' hull over it, and the normalised luminance histogram inside the hull.
    Plane crop_luminance;
    std::vector<uint8_t> hull;
    std::array<double, 256> histogram{};

    const face::Face& face() const { return faces[judged]; }
};

// Checks the photo (8-bit, 3 channels), the index, the detections (finite, sizes >= 0) and the
// judged face's landmarks (finite), and aligns the judged face.
// LK_ERR_INVALID_ARGUMENT naming what was wrong otherwise.
MeasureInput make_measure_input(const lk_image_view& photo, std::vector<face::Face> faces,
                                std::size_t judged, uint32_t crop_size = aligned_crop_size);

class Measure {
public:
    Measure(std::string_view id, std::string_view unit) : id_(id), unit_(unit) {}
    virtual ~Measure() = default;

    std::string_view id() const { return id_; }
    std::string_view unit() const { return unit_; }

    // The raw value, in unit(); NaN when the face gives the measure nothing to read.
    virtual double measure(const MeasureInput& input) const = 0;
    // The 0-100 component (higher is better); by default the config's sigmoid mapping for id().
    virtual double component(double raw, const ScoringConfig& config) const {
        return config.map(id_, raw);
    }

private:
    std::string_view id_, unit_;
};

// One instance of every measure, in measure_id::all's order.
std::vector<std::unique_ptr<Measure>> all_measures();

}  // namespace lk::quality
