// OFIQ's crop-of-the-face measures, one class for the four sides: the room between the face and
// the photo's edge. Left: the subject's right eye centre's x over the inter-eye distance; right:
// the photo's width minus the left eye centre's x, over the same; top: the eye midpoint's y over
// the eye-to-chin distance t; bottom: the photo's height minus that y, over t (OFIQ's
// LeftwardCrop, RightwardCrop, MarginAbove, MarginBelow).
#pragma once

#include "quality/measure.h"

namespace lk::quality {

class CropMargin final : public Measure {
public:
    enum class Side { left, right, top, bottom };
    explicit CropMargin(Side side);
    double measure(const MeasureInput& input) const override;

private:
    Side side_;
};

}  // namespace lk::quality
