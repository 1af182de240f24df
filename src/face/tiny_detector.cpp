#include "face/tiny_detector.h"

#include "core/error.h"
#include "face/net_input.h"
#include "face/nms.h"
#include "face/tf_ops.h"

#include <ATen/TensorOperators.h>
#include <ATen/ops/leaky_relu.h>
#include <ATen/ops/tensor.h>

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

namespace lk::face {

namespace {

constexpr int anchor_count = 5;
// Anchor sizes in grid cells, width then height.
constexpr float anchors[anchor_count][2] = {
    {1.603231f, 2.094468f}, {6.041143f, 7.080126f}, {2.882459f, 3.518061f},
    {4.266906f, 5.178857f}, {9.041765f, 10.66308f}};
constexpr float mean_rgb[3] = {117.001f, 114.697f, 97.404f};

float sigmoid(float x) { return 1.0f / (1.0f + std::exp(-x)); }

}  // namespace

TinyFaceDetector::TinyFaceDetector(const ModelWeights& w, const Placement& placement) : placement_(placement) {
    first_weight_ = place(w.filter("conv0/filters", {3, 3, 3, 16}), placement);
    first_bias_ = place(w.tensor("conv0/bias", {16}), placement);
    for (int i = 1; i <= 5; ++i) {
        const std::string name = fmt::format("conv{}/", i);
        layers_.push_back({place(w.depthwise(name + "depthwise_filter", {3, 3, -1, 1}), placement),
                           place(w.filter(name + "pointwise_filter", {1, 1, -1, -1}), placement),
                           place(w.tensor(name + "bias", {-1}), placement)});
    }
    head_weight_ = place(w.filter("conv8/filters", {1, 1, -1, anchor_count * 5}), placement);
    head_bias_ = place(w.tensor("conv8/bias", {anchor_count * 5}), placement);
}

std::vector<Detection> TinyFaceDetector::detect(const lk_image_view& rgb, float min_confidence,
                                                size_t max_results, int64_t input_size) const {
    if (input_size <= 0 || input_size % 32 != 0)
        fail(LK_ERR_INVALID_ARGUMENT, "the tiny detector's input size {} is not a positive multiple of 32",
             input_size);
    const PixelRect whole{0, 0, rgb.width, rgb.height};
    const at::Tensor mean = at::tensor(at::ArrayRef<float>(mean_rgb, 3)).view({1, 3, 1, 1});
    const at::Tensor input = (square_input(rgb, whole, false, input_size).unsqueeze(0) - mean) / 255;
    at::Tensor x = place(input, placement_);

    x = at::leaky_relu(conv_valid(x, first_weight_, first_bias_, 1), 0.1);
    for (const Separable& l : layers_)
        x = at::leaky_relu(separable_same(max_pool_same(x, 2, 2), l.depthwise, l.pointwise, l.bias, 1), 0.1);
    x = max_pool_same(x, 2, 1);
    const at::Tensor out = to_host(conv_valid(x, head_weight_, head_bias_, 1).permute({0, 2, 3, 1}));

    const int64_t cells = out.size(1);
    const double longest = std::max(rgb.width, rgb.height);
    const double correction_x = input_size / std::round(rgb.width * (input_size / longest));
    const double correction_y = input_size / std::round(rgb.height * (input_size / longest));
    std::vector<Box> boxes;
    std::vector<float> scores;
    const float* v = out.data_ptr<float>();
    for (int64_t row = 0; row < cells; ++row)
        for (int64_t col = 0; col < cells; ++col)
            for (int anchor = 0; anchor < anchor_count; ++anchor, v += 5) {
                const float score = sigmoid(v[4]);
                if (!(score > min_confidence)) continue;
                const double cx = (col + sigmoid(v[0])) / cells * correction_x;
                const double cy = (row + sigmoid(v[1])) / cells * correction_y;
                const double w = std::exp(v[2]) * anchors[anchor][0] / cells * correction_x;
                const double h = std::exp(v[3]) * anchors[anchor][1] / cells * correction_y;
                boxes.push_back({static_cast<float>(cx - w / 2), static_cast<float>(cy - h / 2),
                                 static_cast<float>(w), static_cast<float>(h)});
                scores.push_back(score);
            }
    std::vector<Detection> detections;
    for (const size_t k : greedy_nms(boxes, scores, 0.4f, max_results)) {
        const Box& b = boxes[k];
        detections.push_back({{b.x * rgb.width, b.y * rgb.height, b.width * rgb.width, b.height * rgb.height},
                              scores[k]});
    }
    return detections;
}

}  // namespace lk::face
