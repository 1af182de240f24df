#include "quality/face_size.h"

#include "quality/report.h"

namespace lk::quality {

FaceSize::FaceSize() : Measure(measure_id::face_size, "pixels") {}

double FaceSize::measure(const MeasureInput& input) const {
    return input.face().detection.box.height;
}

}  // namespace lk::quality
