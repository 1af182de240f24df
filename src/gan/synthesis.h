// StyleGAN2's synthesis network in the "skip" architecture: a learned 4x4 constant refined
// by two modulated convolutions per resolution, each resolution adding its RGB contribution to
// the upsampled image of the previous one.
#pragma once

#include "gan/config.h"
#include "gan/layers.h"
#include "gan/weights.h"

#include <optional>
#include <vector>

namespace lk::gan {

enum class NoiseMode {
    Random,  // fresh Gaussian noise per sample, from ATen's default generator
    Const,   // the noise stored with the model: repeatable output
    None,    // no noise
};

class Synthesis {
public:
    Synthesis(const GeneratorConfig& config, const Weights& weights);

    // ws (N, num_ws, w_dim) -> float32 images (N, img_channels, R, R), about [-1, 1].
    // Inputs are assumed checked by the Generator.
    at::Tensor operator()(const at::Tensor& ws, NoiseMode noise_mode) const;

private:
    struct Layer {  // modulated 3x3 convolution, noise, bias, leaky ReLU
        FullyConnected affine;
        at::Tensor weight, bias, noise_const, noise_strength, filter;
        int64_t up = 1;
        int64_t resolution = 0;
        at::Tensor operator()(const at::Tensor& x, const at::Tensor& w, NoiseMode noise_mode,
                              std::optional<double> clamp) const;
    };
    struct ToRgb {  // modulated 1x1 convolution without demodulation, bias
        FullyConnected affine;
        at::Tensor weight, bias;
        at::Tensor operator()(const at::Tensor& x, const at::Tensor& w,
                              std::optional<double> clamp) const;
    };
    struct Block {
        at::Tensor constant;          // the 4x4 block's input
        std::optional<Layer> conv0;   // upsampling; absent in the 4x4 block
        Layer conv1;
        ToRgb torgb;
        at::Tensor filter;            // for upsampling the image
    };

    std::vector<Block> blocks_;
    std::optional<double> conv_clamp_;
};

}  // namespace lk::gan
