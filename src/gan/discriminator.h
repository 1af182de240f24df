// StyleGAN2's discriminator in NVIDIA's "resnet" architecture: from RGB at full resolution,
// residual blocks that halve it down to 8x8, then a 4x4 epilogue with the minibatch standard
// deviation feature, a convolution, two fully connected layers and, for conditional models, the
// projection onto the mapped label.
#pragma once

#include "gan/config.h"
#include "gan/layers.h"
#include "gan/mapping.h"
#include "gan/weights.h"

#include <c10/core/Device.h>

#include <optional>
#include <string>
#include <vector>

namespace lk::gan {

class Discriminator {
public:
    // From a discriminator file, or the discriminator stored beside a generator or in a training
    // state (see model_file.h). LK_ERR_FORMAT for files holding none, or tensors that do not fit
    // the config (naming the first). Float tensors are converted to float32.
    static Discriminator load(const std::string& path, c10::Device device = c10::kCPU);
    const DiscriminatorConfig& config() const { return config_; }

    // weights: the tensors of config.tensors() by name, on one device, float32. The layers share
    // them (see FullyConnected), so an optimizer updating them in place trains this object.
    Discriminator(const DiscriminatorConfig& config, const Weights& weights);

    // img (N, img_channels, R, R) float32 about [-1, 1]; c (N, c_dim), undefined when c_dim is
    // 0 -> logits (N, 1). With a minibatch standard deviation group G, N must be a multiple of
    // min(G, N). Inputs are assumed checked by the caller.
    at::Tensor operator()(const at::Tensor& img, const at::Tensor& c) const;

private:
    struct Block {
        std::optional<Conv2d> fromrgb;  // the first block only
        Conv2d conv0, conv1, skip;
    };

    DiscriminatorConfig config_;
    std::vector<Block> blocks_;
    std::optional<Mapping> mapping_;
    Conv2d conv_;
    FullyConnected fc_, out_;
    std::optional<int64_t> mbstd_group_size_;
    int64_t mbstd_num_channels_;
    int64_t cmap_dim_;
};

}  // namespace lk::gan
