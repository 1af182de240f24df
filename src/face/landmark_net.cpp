#include "face/landmark_net.h"

#include "face/tf_ops.h"

#include <ATen/TensorOperators.h>
#include <ATen/ops/addmm.h>
#include <ATen/ops/avg_pool2d.h>
#include <ATen/ops/relu.h>

#include <fmt/format.h>

#include <algorithm>

namespace lk::face {

namespace {

constexpr int64_t input_size = 112;

}  // namespace

LandmarkNet::LandmarkNet(const ModelWeights& w, FaceModel model, const Placement& placement) : placement_(placement) {
    const bool tiny = model == FaceModel::landmarks_68_tiny;
    const int block_count = tiny ? 3 : 4, convs = tiny ? 3 : 4;
    pool_ = tiny ? 14 : 7;
    for (int b = 0; b < block_count; ++b) {
        Block block;
        for (int c = 0; c < convs; ++c) {
            const std::string name = fmt::format("dense{}/conv{}/", b, c);
            if (b == 0 && c == 0) {
                block.first_weight = place(w.filter(name + "filters", {3, 3, 3, -1}), placement);
                block.first_bias = place(w.tensor(name + "bias", {-1}), placement);
                continue;
            }
            block.depthwise.push_back(place(w.depthwise(name + "depthwise_filter", {3, 3, -1, 1}), placement));
            block.pointwise.push_back(place(w.filter(name + "pointwise_filter", {1, 1, -1, -1}), placement));
            block.bias.push_back(place(w.tensor(name + "bias", {-1}), placement));
        }
        blocks_.push_back(std::move(block));
    }
    fc_weight_ = place(w.tensor("fc/weights", {-1, 136}), placement);
    fc_bias_ = place(w.tensor("fc/bias", {136}), placement);
}

at::Tensor LandmarkNet::forward(const at::Tensor& input) const {
    at::Tensor x = place(input, placement_);
    for (const Block& block : blocks_) {
        // Each convolution sees the sum of all earlier outputs of its block.
        const bool first = block.first_weight.defined();
        at::Tensor sum = at::relu(first ? conv_same(x, block.first_weight, block.first_bias, 2)
                                        : separable_same(x, block.depthwise[0], block.pointwise[0], block.bias[0], 2));
        for (size_t c = first ? 0 : 1; c < block.depthwise.size(); ++c) {
            sum = sum + separable_same(at::relu(sum), block.depthwise[c], block.pointwise[c], block.bias[c], 1);
        }
        x = at::relu(sum);
    }
    x = at::avg_pool2d(x, pool_, 2).flatten(1);
    return at::addmm(fc_bias_, x, fc_weight_);
}

std::vector<Landmarks68> LandmarkNet::predict(const lk_image_view& rgb, const std::vector<PixelRect>& crops) const {
    if (crops.empty()) return {};
    const at::Tensor out = to_host(forward(face_batch(rgb, crops, input_size)));

    std::vector<Landmarks68> landmarks(crops.size());
    for (size_t i = 0; i < crops.size(); ++i) {
        // Undo the centred padding: the net's unit square holds the padded crop.
        const float w = static_cast<float>(crops[i].width), h = static_cast<float>(crops[i].height);
        const float scale = input_size / std::max(w, h);
        const float sw = w * scale, sh = h * scale;
        const float pad_x = sw < sh ? (sh - sw) / 2 : 0, pad_y = sh < sw ? (sw - sh) / 2 : 0;
        const float* v = out.data_ptr<float>() + i * 136;
        for (int p = 0; p < 68; ++p)
            landmarks[i][p] = {(v[2 * p] * input_size - pad_x) / sw * w, (v[2 * p + 1] * input_size - pad_y) / sh * h};
    }
    return landmarks;
}

}  // namespace lk::face
