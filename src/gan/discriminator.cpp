#include "gan/discriminator.h"

#include "core/error.h"
#include "gan/model_file.h"

#include <ATen/TensorOperators.h>
#include <ATen/ops/cat.h>
#include <ATen/ops/mean.h>
#include <ATen/ops/sqrt.h>
#include <ATen/ops/square.h>
#include <ATen/ops/sum.h>

#include <algorithm>
#include <cmath>
#include <string>

namespace lk::gan {
namespace {

// Appends `channels` features holding the standard deviation of each feature across groups of
// `group` samples (averaged over its channels and pixels), so that D can see a lack of variety.
// Sample i belongs to group i % (N / group), as in NVIDIA's reshape.
at::Tensor minibatch_stddev(const at::Tensor& x, std::optional<int64_t> group_size,
                            int64_t channels) {
    const int64_t n = x.size(0), c = x.size(1), h = x.size(2), w = x.size(3);
    const int64_t g = group_size ? std::min(*group_size, n) : n;
    at::Tensor y = x.reshape({g, -1, channels, c / channels, h, w});
    y = y - y.mean({0});
    y = (y.square().mean({0}) + 1e-8).sqrt();
    y = y.mean({2, 3, 4}).reshape({-1, channels, 1, 1}).repeat({g, 1, h, w});
    return at::cat({x, y}, 1);
}

}  // namespace

Discriminator Discriminator::load(const std::string& path, c10::Device device) {
    const io::SafetensorsFile file = io::SafetensorsFile::open(path);
    const std::string& format = metadata_entry(file, kFormatKey);
    const bool alone = format == kDiscriminatorFormat;
    if (!alone && !file.metadata().count(kDiscriminatorConfigKey))
        fail(LK_ERR_FORMAT, "{} holds no StyleGAN2 discriminator: its format is \"{}\" and it has no "
             "\"{}\"", printable(path), printable(format), kDiscriminatorConfigKey);
    const DiscriminatorConfig config =
        DiscriminatorConfig::parse(metadata_entry(file, alone ? kConfigKey : kDiscriminatorConfigKey));
    return Discriminator(config, read_weights(file, config.tensors(), alone ? "" : "D.", "", device));
}

Discriminator::Discriminator(const DiscriminatorConfig& config, const Weights& weights)
    : config_(config),
      mbstd_group_size_(config.mbstd_group_size),
      mbstd_num_channels_(config.mbstd_num_channels),
      cmap_dim_(config.cmap_dim) {
    const auto conv = [&](const std::string& prefix, bool bias, int64_t down, bool lrelu,
                          std::optional<double> clamp) {
        Conv2d layer;
        layer.weight = weights.at(prefix + ".weight");
        if (bias) layer.bias = weights.at(prefix + ".bias");
        layer.filter = filter_2d(weights.at(prefix + ".resample_filter"));
        layer.down = down;
        layer.lrelu = lrelu;
        layer.clamp = clamp;
        return layer;
    };
    const std::optional<double> clamp = config.conv_clamp;
    for (int64_t res : config.block_resolutions()) {
        const std::string prefix = "b" + std::to_string(res);
        Block block;
        if (res == config.img_resolution) block.fromrgb = conv(prefix + ".fromrgb", true, 1, true, clamp);
        block.conv0 = conv(prefix + ".conv0", true, 1, true, clamp);
        block.conv1 = conv(prefix + ".conv1", true, 2, true, clamp);
        // NVIDIA's shortcut is linear and never clamped.
        block.skip = conv(prefix + ".skip", false, 2, false, std::nullopt);
        blocks_.push_back(std::move(block));
    }
    if (config.c_dim > 0)
        mapping_.emplace("mapping", 0, config.c_dim, 0, config.mapping, weights);
    conv_ = conv("b4.conv", true, 1, true, clamp);
    fc_ = FullyConnected(weights.at("b4.fc.weight"), weights.at("b4.fc.bias"), 1.0, true);
    out_ = FullyConnected(weights.at("b4.out.weight"), weights.at("b4.out.bias"), 1.0, false);
}

at::Tensor Discriminator::operator()(const at::Tensor& img, const at::Tensor& c) const {
    // Each residual block adds its shortcut and its main path at half gain each, which keeps the
    // sum's variance.
    const double half = std::sqrt(0.5);
    at::Tensor x;
    for (const Block& block : blocks_) {
        if (block.fromrgb) x = (*block.fromrgb)(img);
        const at::Tensor shortcut = block.skip(x, half);
        x = shortcut + block.conv1(block.conv0(x), half);
    }
    if (mbstd_num_channels_ > 0) x = minibatch_stddev(x, mbstd_group_size_, mbstd_num_channels_);
    x = conv_(x);
    x = out_(fc_(x.flatten(1)));
    if (cmap_dim_ == 0) return x;
    const at::Tensor cmap = (*mapping_)(at::Tensor(), c, 1, std::nullopt);
    return (x * cmap).sum({1}, /*keepdim=*/true) * (1 / std::sqrt(double(cmap_dim_)));
}

}  // namespace lk::gan
