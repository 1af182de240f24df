// face-api's SSD-MobileNetV1 face detector: MobileNetV1 (ReLU6) at 512x512, six box predictors
// over 5118 anchors (stored with the weights), box variances 10/10/5/5, sigmoid scores, NMS at
// IoU 0.5.
#pragma once

#include "face/geometry.h"
#include "face/model_weights.h"
#include "face/tf_ops.h"

#include <likeness/image.h>

#include <ATen/core/Tensor.h>

#include <vector>

namespace lk::face {

class SsdMobilenetV1 {
public:
    SsdMobilenetV1(const ModelWeights& weights, const Placement& placement);

    // Faces in an 8-bit RGB view scoring above `min_confidence`, at most `max_results`, best
    // first, in the view's pixels. Thread-safe: the weights are only read.
    std::vector<Detection> detect(const lk_image_view& rgb, float min_confidence, size_t max_results) const;

private:
    struct Conv {
        at::Tensor weight, bias;
        int64_t stride = 1, groups = 1;
    };
    static at::Tensor relu6(const Conv& conv, const at::Tensor& x);

    std::vector<Conv> backbone_;    // conv 0, then depthwise/pointwise pairs of layers 1-13
    std::vector<Conv> extra_;       // the prediction layer's eight convolutions
    std::vector<Conv> box_heads_, class_heads_;  // six each
    at::Tensor anchors_;            // [5118, 4]: ymin, xmin, ymax, xmax (CPU, float)
    Placement placement_;
};

}  // namespace lk::face
