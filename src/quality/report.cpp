#include "quality/report.h"

#include <algorithm>

namespace lk::quality {

const MeasureResult* FaceQuality::find(std::string_view id) const {
    const auto found = std::find_if(measures.begin(), measures.end(),
                                    [&](const MeasureResult& m) { return m.id == id; });
    return found == measures.end() ? nullptr : &*found;
}

}  // namespace lk::quality
