#include "face/model_weights.h"

#include "core/error.h"
#include "io/tfjs_manifest.h"

#include <ATen/ops/from_blob.h>

#include <fmt/ranges.h>

namespace lk::face {

ModelWeights::ModelWeights(const std::string& directory, FaceModel model)
    : title_(model_files(model).title) {
    for (auto& [name, weight] : io::read_tfjs_weights(verified_manifest(directory, model)))
        weights_[name] = at::from_blob(weight.values.data(), weight.shape, at::kFloat).clone();
}

at::Tensor ModelWeights::stored(const std::string& name, const std::vector<int64_t>& shape) const {
    const auto found = weights_.find(name);
    if (found == weights_.end())
        fail(LK_ERR_FORMAT, "the {} has no weight '{}'", title_, name);
    const at::Tensor& weight = found->second;
    bool same = weight.dim() == static_cast<int64_t>(shape.size());
    for (size_t i = 0; same && i < shape.size(); ++i)
        same = shape[i] < 0 || weight.size(i) == shape[i];
    if (!same)
        fail(LK_ERR_FORMAT, "the {}'s weight '{}' has shape [{}]; expected [{}]", title_, name,
             fmt::join(weight.sizes(), ", "), fmt::join(shape, ", "));
    return weight;
}

at::Tensor ModelWeights::filter(const std::string& name, std::vector<int64_t> hwio) const {
    return stored(name, hwio).permute({3, 2, 0, 1}).contiguous();
}

at::Tensor ModelWeights::depthwise(const std::string& name, std::vector<int64_t> hwc1) const {
    return stored(name, hwc1).permute({2, 3, 0, 1}).contiguous();
}

at::Tensor ModelWeights::tensor(const std::string& name, std::vector<int64_t> shape) const {
    return stored(name, shape);
}

}  // namespace lk::face
