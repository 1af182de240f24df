// Blockiness on the photo's own 8x8 grid (where JPEG's blocks lie), over the box around the
// face's landmarks: the mean absolute luminance step across block boundaries (between columns
// 8k-1 and 8k, and rows likewise) over the mean step between all other neighbours. 1 means no
// blocking; coarse JPEG quantisation flattens blocks inside and steps at their edges, which
// raises it. Ours: OFIQ's CompressionArtifacts is a CNN we do not have. A photo resized or
// cropped off the 8-pixel grid after compression hides its blocks from this measure.
#pragma once

#include "quality/measure.h"

namespace lk::quality {

class CompressionArtifacts final : public Measure {
public:
    CompressionArtifacts();
    double measure(const MeasureInput& input) const override;
};

}  // namespace lk::quality
