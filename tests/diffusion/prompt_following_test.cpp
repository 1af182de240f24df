// Whether the shipped text-to-image model (models/diffusion/fashion) draws what it is asked
// for: a small CNN learns Fashion-MNIST's classes from the training split (checked on the test
// split), then judges 8 images per class prompt ("a photo of a sneaker", seeds 0-7); most must
// be of the prompted class (chance is 10%). The 10 x 8 images are written as one grid, prompts
// by rows and seeds by columns: the README's picture (docs/diffusion-fashion-grid.png).
#include "core/adam.h"
#include "data/dataset.h"
#include "data/shuffled_order.h"
#include "diffusion/fashion_captions.h"
#include "diffusion/model.h"
#include "diffusion/pipeline.h"
#include "io/image_file.h"

#include <ATen/CPUGeneratorImpl.h>
#include <ATen/Parallel.h>
#include <ATen/TensorOperators.h>
#include <ATen/core/grad_mode.h>
#include <ATen/ops/argmax.h>
#include <ATen/ops/cat.h>
#include <ATen/ops/conv2d.h>
#include <ATen/ops/cross_entropy_loss.h>
#include <ATen/ops/full.h>
#include <ATen/ops/linear.h>
#include <ATen/ops/max_pool2d.h>
#include <ATen/ops/randn.h>
#include <ATen/ops/relu.h>
#include <ATen/ops/zeros.h>
#include <fmt/format.h>
#include <fmt/ranges.h>
#include <gtest/gtest.h>

#include <filesystem>
#include <string>
#include <vector>

namespace lk::diffusion {
namespace {

// Two 3x3 convolutions with max pooling and a linear layer: about 86% on Fashion-MNIST's test
// split after a few hundred steps, enough to tell a sneaker from a bag in a generated image.
class Classifier {
public:
    explicit Classifier(at::Generator rng) {
        const auto he = [&](std::vector<int64_t> shape, int64_t fan_in) {
            return (at::randn(shape, rng) * std::sqrt(2.0 / double(fan_in))).requires_grad_(true);
        };
        w_ = {{"conv1", he({16, 1, 3, 3}, 9)},
              {"bias1", at::zeros({16}).requires_grad_(true)},
              {"conv2", he({32, 16, 3, 3}, 144)},
              {"bias2", at::zeros({32}).requires_grad_(true)},
              {"linear", he({10, 32 * 8 * 8}, 32 * 8 * 8)},
              {"bias3", at::zeros({10}).requires_grad_(true)}};
    }

    // images: (N, 1, 32, 32) in [-1, 1]. Returns the logits (N, 10).
    at::Tensor operator()(const at::Tensor& images) const {
        at::Tensor x = at::max_pool2d(at::relu(at::conv2d(images, w_.at("conv1"), w_.at("bias1"), 1, 1)), 2);
        x = at::max_pool2d(at::relu(at::conv2d(x, w_.at("conv2"), w_.at("bias2"), 1, 1)), 2);
        return at::linear(x.flatten(1), w_.at("linear"), w_.at("bias3"));
    }

    void train(const data::Dataset& data, int64_t steps, at::Generator rng) {
        Adam adam(w_, 2e-3, 0.9, 0.999);
        data::ShuffledOrder order(data.images.size(0));
        for (int64_t step = 0; step < steps; ++step) {
            const at::Tensor index = order.next(128, rng);
            const at::Tensor loss = at::cross_entropy_loss(
                (*this)(normalized(data.images.index_select(0, index))),
                data.labels.index_select(0, index));
            adam.zero_grad();
            loss.backward();
            adam.step();
        }
    }

    at::Tensor predict(const at::Tensor& images) const {
        const at::NoGradGuard no_grad;
        std::vector<at::Tensor> labels;
        for (int64_t i = 0; i < images.size(0); i += 1000)
            labels.push_back((*this)(images.narrow(0, i, std::min<int64_t>(1000, images.size(0) - i))).argmax(1));
        return at::cat(labels);
    }

    static at::Tensor normalized(const at::Tensor& bytes) { return bytes.to(at::kFloat) / 127.5 - 1; }

private:
    std::map<std::string, at::Tensor> w_;
};

double accuracy(const at::Tensor& predicted, const at::Tensor& labels) {
    return predicted.eq(labels).to(at::kDouble).mean().item<double>();
}

// images (rows * columns, 3, R, R) in [0, 1] -> a PNG, each image doubled in size.
void save_grid(const at::Tensor& images, int64_t rows, const std::string& path) {
    const int64_t columns = images.size(0) / rows, r = images.size(2) * 2;
    const at::Tensor big = images.repeat_interleave(2, 2).repeat_interleave(2, 3);
    const at::Tensor pixels = (big * 255).round().clamp(0, 255).to(at::kByte)
                                  .reshape({rows, columns, 3, r, r})
                                  .permute({0, 3, 1, 4, 2})
                                  .contiguous()
                                  .reshape({rows * r, columns * r, 3});
    const lk_image_view view{uint32_t(columns * r), uint32_t(rows * r), 3, uint32_t(columns * r * 3),
                             pixels.data_ptr<uint8_t>()};
    io::save_image(view, path, LK_IMAGE_FORMAT_PNG, 90);
}

TEST(PromptFollowing, TheShippedModelDrawsTheClassEachPromptNames) {
    // Small tensors: threads only add waiting on a busy machine.
    at::set_num_threads(1);
    if (!std::filesystem::exists(std::string(data::kFashionMnistFolder) + "/t10k-labels-idx1-ubyte.gz"))
        GTEST_SKIP() << "Fashion-MNIST is not installed (Debian's dataset-fashion-mnist)";
    const data::Dataset train = data::load_dataset("fashion-mnist:train", 32, 1);
    const data::Dataset test = data::load_dataset("fashion-mnist:test", 32, 1);
    Classifier classifier(at::make_generator<at::CPUGeneratorImpl>(1));
    classifier.train(train, 400, at::make_generator<at::CPUGeneratorImpl>(2));
    const double test_accuracy =
        accuracy(classifier.predict(Classifier::normalized(test.images)), test.labels);
    fmt::print("classifier accuracy on the test split: {:.1f}%\n", 100 * test_accuracy);
    ASSERT_GT(test_accuracy, 0.8);

    StableDiffusion model = load_model(LIKENESS_DIFFUSION_MODEL, {});
    const auto& classes = fashion_mnist_classes();
    const auto captions = fashion_mnist_captions();
    constexpr int64_t per_prompt = 8;
    std::vector<at::Tensor> images;
    double right = 0;
    for (size_t label = 0; label < classes.size(); ++label) {
        GenerateRequest request;
        request.prompt = captions[label].front();
        request.sampler.kind = SamplerKind::dpmpp_2m;
        request.sampler.steps = 20;
        request.guidance_scale = 4;
        request.seed = 0;
        request.batch = per_prompt;
        images.push_back(generate(model, request));
        const at::Tensor grey = images.back().mean(1, true) * 2 - 1;
        const at::Tensor predicted = classifier.predict(grey);
        const double mine = accuracy(predicted, at::full({per_prompt}, int64_t(label)));
        right += mine * per_prompt;
        fmt::print("{:<28} {:>3.0f}%  classified as {}\n", request.prompt, 100 * mine,
                   fmt::join(std::vector<int64_t>(predicted.data_ptr<int64_t>(),
                                                  predicted.data_ptr<int64_t>() + per_prompt),
                             " "));
    }
    save_grid(at::cat(images), int64_t(classes.size()), LIKENESS_PROMPT_GRID);
    const double overall = right / double(per_prompt * classes.size());
    fmt::print("prompt following: {:.1f}% of {} images of the prompted class (chance 10%); grid {}\n",
               100 * overall, per_prompt * classes.size(), LIKENESS_PROMPT_GRID);
    EXPECT_GT(overall, 0.5);
}

}  // namespace
}  // namespace lk::diffusion
