#include "face/ssd_mobilenet.h"

#include "face/net_input.h"
#include "face/nms.h"
#include "face/tf_ops.h"

#include <ATen/TensorOperators.h>
#include <ATen/ops/cat.h>
#include <ATen/ops/clamp.h>
#include <ATen/ops/rsqrt.h>
#include <ATen/ops/sigmoid.h>

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

namespace lk::face {

namespace {

constexpr int64_t input_size = 512;
constexpr int64_t anchor_count = 5118;
// Layers 2, 4, 6 and 12 of MobileNetV1 halve the resolution; layer 11 feeds the first predictor.
constexpr bool halves(int layer) { return layer == 2 || layer == 4 || layer == 6 || layer == 12; }
constexpr int first_head_layer = 11;

}  // namespace

SsdMobilenetV1::SsdMobilenetV1(const ModelWeights& w, const Placement& placement) : placement_(placement) {
    auto pointwise = [&](const std::string& prefix, int index, int64_t stride) {
        const std::string name = fmt::format("{}/Conv2d_{}_pointwise/", prefix, index);
        return Conv{w.filter(name + "weights", {-1, -1, -1, -1}),
                    w.tensor(name + "convolution_bn_offset", {-1}), stride, 1};
    };
    backbone_.push_back(pointwise("MobilenetV1", 0, 2));
    for (int layer = 1; layer <= 13; ++layer) {
        const std::string name = fmt::format("MobilenetV1/Conv2d_{}_depthwise/", layer);
        // Batch norm folded into the depthwise filter: one multiply-add less per value.
        const at::Tensor gain = w.tensor(name + "BatchNorm/gamma", {-1}) *
            at::rsqrt(w.tensor(name + "BatchNorm/moving_variance", {-1}) + 0.0010000000474974513);
        const at::Tensor filter = w.depthwise(name + "depthwise_weights", {3, 3, -1, 1});
        const at::Tensor bias = w.tensor(name + "BatchNorm/beta", {-1}) -
            w.tensor(name + "BatchNorm/moving_mean", {-1}) * gain;
        backbone_.push_back({filter * gain.view({-1, 1, 1, 1}), bias, halves(layer) ? 2 : 1, filter.size(0)});
        backbone_.push_back(pointwise("MobilenetV1", layer, 1));
    }
    for (int i = 0; i < 8; ++i) extra_.push_back(pointwise("Prediction", i, i % 2 == 1 ? 2 : 1));
    for (int i = 0; i < 6; ++i) {
        const std::string name = fmt::format("Prediction/BoxPredictor_{}/", i);
        box_heads_.push_back({w.filter(name + "BoxEncodingPredictor/weights", {1, 1, -1, -1}),
                              w.tensor(name + "BoxEncodingPredictor/biases", {-1})});
        class_heads_.push_back({w.filter(name + "ClassPredictor/weights", {1, 1, -1, -1}),
                                w.tensor(name + "ClassPredictor/biases", {-1})});
    }
    anchors_ = w.tensor("Output/extra_dim", {1, anchor_count, 4}).view({anchor_count, 4});
    for (auto* convs : {&backbone_, &extra_, &box_heads_, &class_heads_})
        for (Conv& conv : *convs) conv.weight = place(conv.weight, placement), conv.bias = place(conv.bias, placement);
}

at::Tensor SsdMobilenetV1::relu6(const Conv& conv, const at::Tensor& x) {
    return at::clamp(conv_same(x, conv.weight, conv.bias, conv.stride, conv.groups), 0, 6);
}

std::vector<Detection> SsdMobilenetV1::detect(const lk_image_view& rgb, float min_confidence,
                                              size_t max_results) const {
    const PixelRect whole{0, 0, rgb.width, rgb.height};
    at::Tensor x = place(square_input(rgb, whole, false, input_size).unsqueeze(0) / 127.5 - 1, placement_);

    x = relu6(backbone_[0], x);
    at::Tensor layer11;
    for (int layer = 1; layer <= 13; ++layer) {
        x = relu6(backbone_[2 * layer], relu6(backbone_[2 * layer - 1], x));
        if (layer == first_head_layer) layer11 = x;
    }
    // Predictors read layer 11, the backbone's output and every second extra convolution.
    std::vector<at::Tensor> features{layer11, x};
    at::Tensor extra = x;
    for (size_t i = 0; i < extra_.size(); ++i) {
        extra = relu6(extra_[i], extra);
        if (i % 2 == 1) features.push_back(extra);
    }
    std::vector<at::Tensor> encodings, classes;
    for (size_t i = 0; i < features.size(); ++i) {
        // Channels last, so that anchors run row, column, then anchor per cell, as TensorFlow's.
        encodings.push_back(conv_same(features[i], box_heads_[i].weight, box_heads_[i].bias, 1)
                                .permute({0, 2, 3, 1}).reshape({-1, 4}));
        classes.push_back(conv_same(features[i], class_heads_[i].weight, class_heads_[i].bias, 1)
                              .permute({0, 2, 3, 1}).reshape({-1, 3}));
    }
    const at::Tensor encoding = to_host(at::cat(encodings));
    const at::Tensor scores_tensor = at::sigmoid(to_host(at::cat(classes).select(1, 1))).contiguous();
    const float* e = encoding.data_ptr<float>();
    const float* a = anchors_.data_ptr<float>();
    const float* s = scores_tensor.data_ptr<float>();

    // Box decoding in the padded square's unit coordinates, [ymin, xmin, ymax, xmax].
    std::vector<Box> boxes;
    std::vector<float> scores;
    for (int64_t i = 0; i < anchor_count; ++i, e += 4, a += 4) {
        if (!(s[i] > min_confidence)) continue;
        const float height = a[2] - a[0], width = a[3] - a[1];
        const float centre_y = a[0] + height / 2, centre_x = a[1] + width / 2;
        const float half_h = std::exp(e[2] / 5) * height / 2, half_w = std::exp(e[3] / 5) * width / 2;
        const float y = e[0] / 10 * height + centre_y, x_ = e[1] / 10 * width + centre_x;
        boxes.push_back({x_ - half_w, y - half_h, 2 * half_w, 2 * half_h});
        scores.push_back(s[i]);
    }
    // Back to the image: face-api scales by input size over the rounded resized size.
    const double longest = std::max(rgb.width, rgb.height);
    const double pad_x = input_size / std::round(rgb.width * (input_size / longest));
    const double pad_y = input_size / std::round(rgb.height * (input_size / longest));
    std::vector<Detection> detections;
    for (const size_t k : greedy_nms(boxes, scores, 0.5f, max_results)) {
        const Box& b = boxes[k];
        const double left = std::max(0.0f, b.x) * pad_x, right = std::min(1.0f, b.right()) * pad_x;
        const double top = std::max(0.0f, b.y) * pad_y, bottom = std::min(1.0f, b.bottom()) * pad_y;
        detections.push_back({{static_cast<float>(left * rgb.width), static_cast<float>(top * rgb.height),
                               static_cast<float>((right - left) * rgb.width),
                               static_cast<float>((bottom - top) * rgb.height)},
                              scores[k]});
    }
    return detections;
}

}  // namespace lk::face
