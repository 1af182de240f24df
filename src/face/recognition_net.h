// face-api's face recognition net (dlib's ResNet-34-like metric network): a 150x150 face crop
// (centre-padded to a square) to a 128-D descriptor; two faces of the same person lie less than
// about 0.6 apart (Euclidean).
#pragma once

#include "face/model_weights.h"
#include "face/net_input.h"
#include "face/tf_ops.h"

#include <likeness/image.h>

#include <ATen/core/Tensor.h>

#include <vector>

namespace lk::face {

inline constexpr int descriptor_size = 128;

class RecognitionNet {
public:
    RecognitionNet(const ModelWeights& weights, const Placement& placement);

    // One descriptor per face crop (non-empty, inside the view), one batch for all. Thread-safe.
    std::vector<std::vector<float>> describe(const lk_image_view& rgb, const std::vector<PixelRect>& crops) const;

private:
    struct Conv {
        at::Tensor weight, bias;  // the scale layer folded in
    };
    struct Residual {
        Conv first, second;
        bool down = false;
    };
    at::Tensor forward(const at::Tensor& x) const;

    Conv stem_;
    std::vector<Residual> blocks_;
    at::Tensor fc_;
    Placement placement_;
};

}  // namespace lk::face
