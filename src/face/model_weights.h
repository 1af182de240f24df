// One face-api model's weights as libtorch tensors, in the layouts at::conv2d wants. TensorFlow
// stores filters HWIO (depthwise: H, W, C, 1); here they come out OIHW.
#pragma once

#include "face/model_files.h"

#include <ATen/core/Tensor.h>

#include <cstdint>
#include <map>
#include <string>
#include <vector>

namespace lk::face {

class ModelWeights {
public:
    // Verifies the model's files in `directory` (face/model_files.h) and reads them (float, CPU).
    ModelWeights(const std::string& directory, FaceModel model);

    // Each getter checks the stored shape and fails with LK_ERR_FORMAT naming the model, the
    // weight and both shapes when it differs; -1 in `shape` accepts any extent.
    at::Tensor filter(const std::string& name, std::vector<int64_t> hwio) const;  // -> OIHW
    at::Tensor depthwise(const std::string& name, std::vector<int64_t> hwc1) const;  // -> C,1,H,W
    at::Tensor tensor(const std::string& name, std::vector<int64_t> shape) const;  // as stored

private:
    at::Tensor stored(const std::string& name, const std::vector<int64_t>& shape) const;

    std::string title_;
    std::map<std::string, at::Tensor> weights_;
};

}  // namespace lk::face
