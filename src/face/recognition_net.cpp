#include "face/recognition_net.h"

#include "face/tf_ops.h"

#include <ATen/TensorOperators.h>
#include <ATen/ops/avg_pool2d.h>
#include <ATen/ops/cat.h>
#include <ATen/ops/constant_pad_nd.h>
#include <ATen/ops/matmul.h>
#include <ATen/ops/max_pool2d.h>
#include <ATen/ops/mean.h>
#include <ATen/ops/relu.h>
#include <ATen/ops/zeros_like.h>

#include <string>

namespace lk::face {

namespace {

constexpr int64_t input_size = 150;

}  // namespace

RecognitionNet::RecognitionNet(const ModelWeights& w, const Placement& placement) : placement_(placement) {
    // conv -> + bias -> * scale -> + scale bias, folded into one convolution with a bias.
    auto conv = [&](const std::string& name) {
        const at::Tensor scale = w.tensor(name + "/scale/weights", {-1});
        return Conv{place(w.filter(name + "/conv/filters", {-1, -1, -1, -1}) * scale.view({-1, 1, 1, 1}), placement),
                    place(w.tensor(name + "/conv/bias", {-1}) * scale + w.tensor(name + "/scale/biases", {-1}), placement)};
    };
    stem_ = conv("conv32_down");
    const char* names[] = {"conv32_1", "conv32_2", "conv32_3", "conv64_down", "conv64_1", "conv64_2",
                           "conv64_3", "conv128_down", "conv128_1", "conv128_2", "conv256_down",
                           "conv256_1", "conv256_2", "conv256_down_out"};
    for (const std::string name : names)
        blocks_.push_back({conv(name + "/conv1"), conv(name + "/conv2"),
                           name.find("_down") != std::string::npos});
    fc_ = place(w.tensor("fc", {256, descriptor_size}), placement);
}

at::Tensor RecognitionNet::forward(const at::Tensor& input) const {
    at::Tensor x = at::relu(conv_valid(place(input, placement_), stem_.weight, stem_.bias, 2));
    x = at::max_pool2d(x, 3, 2);
    for (const Residual& block : blocks_) {
        at::Tensor out = block.down ? at::relu(conv_valid(x, block.first.weight, block.first.bias, 2))
                                    : at::relu(conv_same(x, block.first.weight, block.first.bias, 1));
        out = conv_same(out, block.second.weight, block.second.bias, 1);
        at::Tensor shortcut = x;
        if (block.down) {
            // The shortcut is average-pooled and zero-extended to the doubled channels; where the
            // 'valid' stride-2 convolution came out one smaller, face-api pads its output after.
            shortcut = at::avg_pool2d(x, 2, 2);
            if (shortcut.size(2) != out.size(2) || shortcut.size(3) != out.size(3))
                out = at::constant_pad_nd(out, {0, shortcut.size(3) - out.size(3), 0, shortcut.size(2) - out.size(2)});
            if (shortcut.size(1) != out.size(1)) shortcut = at::cat({shortcut, at::zeros_like(shortcut)}, 1);
        }
        x = at::relu(out + shortcut);
    }
    return at::matmul(x.mean({2, 3}), fc_);
}

std::vector<std::vector<float>> RecognitionNet::describe(const lk_image_view& rgb,
                                                        const std::vector<PixelRect>& crops) const {
    if (crops.empty()) return {};
    const at::Tensor out = to_host(forward(face_batch(rgb, crops, input_size)));
    std::vector<std::vector<float>> descriptors;
    for (size_t i = 0; i < crops.size(); ++i) {
        const float* v = out.data_ptr<float>() + i * descriptor_size;
        descriptors.emplace_back(v, v + descriptor_size);
    }
    return descriptors;
}

}  // namespace lk::face
