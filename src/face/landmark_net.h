// face-api's 68-point landmark nets: densely connected blocks of depthwise-separable convolutions
// over a 112x112 face crop (centre-padded to a square), average pooling and one fully connected
// layer giving 68 (x, y) pairs. The full net has four blocks of four convolutions, the tiny one
// three blocks of three.
#pragma once

#include "face/geometry.h"
#include "face/model_weights.h"
#include "face/net_input.h"
#include "face/tf_ops.h"

#include <likeness/image.h>

#include <ATen/core/Tensor.h>

#include <vector>

namespace lk::face {

class LandmarkNet {
public:
    // `model` is FaceModel::landmarks_68 or FaceModel::landmarks_68_tiny.
    LandmarkNet(const ModelWeights& weights, FaceModel model, const Placement& placement);

    // The landmarks of each face crop (non-empty, inside the view), in pixels of the crop, one
    // batch for all crops. Thread-safe.
    std::vector<Landmarks68> predict(const lk_image_view& rgb, const std::vector<PixelRect>& crops) const;

private:
    struct Block {
        at::Tensor first_weight, first_bias;  // the first block's plain 3x3 convolution
        std::vector<at::Tensor> depthwise, pointwise, bias;
    };
    at::Tensor forward(const at::Tensor& x) const;

    std::vector<Block> blocks_;
    int64_t pool_ = 0;
    at::Tensor fc_weight_, fc_bias_;
    Placement placement_;
};

}  // namespace lk::face
