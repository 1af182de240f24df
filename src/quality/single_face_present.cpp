#include "quality/single_face_present.h"

#include "quality/report.h"

#include <algorithm>

namespace lk::quality {

SingleFacePresent::SingleFacePresent()
    : Measure(measure_id::single_face_present, "area ratio 0..1") {}

double SingleFacePresent::measure(const MeasureInput& input) const {
    double largest = 0, second = 0;
    for (const face::Face& f : input.faces) {
        const double area = std::max(0.0f, f.detection.box.area());
        if (area > largest) second = largest, largest = area;
        else if (area > second) second = area;
    }
    return largest > 0 ? second / largest : 0;
}

double SingleFacePresent::component(double raw, const ScoringConfig&) const {
    return std::clamp(100 * (1 - raw), 0.0, 100.0);
}

}  // namespace lk::quality
