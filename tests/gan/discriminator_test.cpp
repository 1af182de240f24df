// The discriminator against NVIDIA's stylegan2-ada-pytorch: the fixtures in tests/data/gan come
// from NVIDIA's own Discriminator (make_discriminator_reference.py): its logits, and the gradient
// of their sum with respect to the images (what R1 regularization differentiates again).
#include "gan/discriminator.h"

#include "io/safetensors.h"
#include "support/error_of.h"

#include <ATen/TensorOperators.h>
#include <ATen/ops/abs.h>
#include <ATen/ops/max.h>
#include <gtest/gtest.h>
#include <torch/csrc/autograd/autograd.h>

#include <string>

namespace lk::gan {
namespace {

std::string data_path(const std::string& name) {
    return std::string(LIKENESS_TEST_DATA) + "/gan/" + name + ".safetensors";
}

double max_abs_diff(const at::Tensor& a, const at::Tensor& b) {
    EXPECT_EQ(a.sizes(), b.sizes());
    return (a.to(at::kDouble) - b.to(at::kDouble)).abs().max().item<double>();
}

class DiscriminatorParity : public testing::TestWithParam<const char*> {};

TEST_P(DiscriminatorParity, LogitsAndImageGradientsMatchNvidia) {
    const Discriminator d = Discriminator::load(data_path(GetParam()));
    const io::SafetensorsFile expected = io::SafetensorsFile::open(data_path(std::string(GetParam()) + "_expected"));
    const at::Tensor img = expected.tensor("img").clone().requires_grad_(true);
    const at::Tensor c = expected.contains("c") ? expected.tensor("c") : at::Tensor();
    const at::Tensor logits = d(img, c);
    const double scale = expected.tensor("logits").abs().max().item<double>();
    EXPECT_LT(max_abs_diff(logits.detach(), expected.tensor("logits")), 1e-4 * std::max(1.0, scale));
    const at::Tensor grad = torch::autograd::grad({logits.sum()}, {img})[0];
    const double grad_scale = expected.tensor("img_grad").abs().max().item<double>();
    EXPECT_LT(max_abs_diff(grad, expected.tensor("img_grad")), 1e-4 * std::max(1.0, grad_scale));
}

INSTANTIATE_TEST_SUITE_P(Fixtures, DiscriminatorParity,
                         testing::Values("disc_unconditional_16", "disc_conditional_8"));

TEST(DiscriminatorLoad, NamesWhatIsMissingOrForeign) {
    const std::string generator_file = data_path("tiny_unconditional_32");
    const std::string message = lk::test::error_of(LK_ERR_FORMAT, [&] { Discriminator::load(generator_file); });
    EXPECT_NE(message.find("holds no StyleGAN2 discriminator"), std::string::npos) << message;
}

}  // namespace
}  // namespace lk::gan
