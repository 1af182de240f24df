#include "quality/mouth_closed.h"

#include "quality/face_region.h"
#include "quality/report.h"

#include <algorithm>
#include <cmath>

namespace lk::quality {

MouthClosed::MouthClosed() : Measure(measure_id::mouth_closed, "eye-to-chin distances") {}

double MouthClosed::measure(const MeasureInput& input) const {
    const face::Landmarks68& l = input.face().landmarks;
    double gap = 0;
    for (auto [upper, lower] : {std::pair{61, 67}, std::pair{62, 66}, std::pair{63, 65}})
        gap = std::max(gap, double(std::hypot(l[upper].x - l[lower].x, l[upper].y - l[lower].y)));
    return gap / eye_chin_distance(l);
}

}  // namespace lk::quality
