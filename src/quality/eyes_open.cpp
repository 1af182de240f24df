#include "quality/eyes_open.h"

#include "quality/report.h"

#include <algorithm>
#include <cmath>
#include <limits>

namespace lk::quality {

namespace {

double distance(face::Point a, face::Point b) { return std::hypot(a.x - b.x, a.y - b.y); }

double aspect_ratio(const face::Landmarks68& l, int first) {
    const double width = distance(l[first], l[first + 3]);
    if (width <= 0) return std::numeric_limits<double>::quiet_NaN();
    return (distance(l[first + 1], l[first + 5]) + distance(l[first + 2], l[first + 4])) / (2 * width);
}

}  // namespace

EyesOpen::EyesOpen() : Measure(measure_id::eyes_open, "eye aspect ratio") {}

double EyesOpen::measure(const MeasureInput& input) const {
    const face::Landmarks68& l = input.face().landmarks;
    return std::min(aspect_ratio(l, face::landmark::right_eye_first),
                    aspect_ratio(l, face::landmark::left_eye_first));
}

}  // namespace lk::quality
