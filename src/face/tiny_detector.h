// face-api's tiny face detector, the fast option: a Tiny-YOLOv2 with depthwise-separable
// convolutions (leaky ReLU 0.1) over a 13x13 grid of five anchors at 416x416 (any multiple of
// 32), NMS at IoU 0.4.
#pragma once

#include "face/geometry.h"
#include "face/model_weights.h"
#include "face/tf_ops.h"

#include <likeness/image.h>

#include <ATen/core/Tensor.h>

#include <vector>

namespace lk::face {

class TinyFaceDetector {
public:
    TinyFaceDetector(const ModelWeights& weights, const Placement& placement);

    // As SsdMobilenetV1::detect; `input_size` must be a positive multiple of 32.
    std::vector<Detection> detect(const lk_image_view& rgb, float min_confidence, size_t max_results,
                                  int64_t input_size) const;

private:
    struct Separable {
        at::Tensor depthwise, pointwise, bias;
    };
    at::Tensor first_weight_, first_bias_;
    std::vector<Separable> layers_;  // conv1 .. conv5
    at::Tensor head_weight_, head_bias_;
    Placement placement_;
};

}  // namespace lk::face
