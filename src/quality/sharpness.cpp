#include "quality/sharpness.h"

#include "face/alignment.h"
#include "quality/face_region.h"
#include "quality/report.h"

#include <limits>

namespace lk::quality {

namespace {
constexpr uint32_t analysis_size = 128;
}

Sharpness::Sharpness() : Measure(measure_id::sharpness, "luminance levels squared") {}

double Sharpness::measure(const MeasureInput& input) const {
    const face::AlignedFace face = face::align_face(input.photo, input.face().landmarks, analysis_size);
    const Plane y = luminance(face.crop.view());
    const std::vector<uint8_t> mask = hull_mask(face.landmarks, y.width, y.height);
    double sum = 0, squares = 0, count = 0;
    for (uint32_t r = 1; r + 1 < y.height; ++r)
        for (uint32_t c = 1; c + 1 < y.width; ++c) {
            const std::size_t i = std::size_t(r) * y.width + c;
            // Only where the whole stencil lies on the face, so the hull's edge adds nothing.
            if (!mask[i] || !mask[i - 1] || !mask[i + 1] || !mask[i - y.width] || !mask[i + y.width])
                continue;
            const double laplacian = double(y.at(c - 1, r)) + y.at(c + 1, r) + y.at(c, r - 1) +
                                     y.at(c, r + 1) - 4.0 * y.at(c, r);
            sum += laplacian, squares += laplacian * laplacian, count += 1;
        }
    if (count < 2) return std::numeric_limits<double>::quiet_NaN();
    const double mean = sum / count;
    return squares / count - mean * mean;
}

}  // namespace lk::quality
