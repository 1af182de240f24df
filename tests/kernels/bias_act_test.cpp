#include "kernels/bias_act.h"

#include "support/cuda.h"
#include "support/error_of.h"

#include <ATen/ATen.h>
#include <ATen/CPUGeneratorImpl.h>
#include <gtest/gtest.h>
#include <torch/csrc/autograd/autograd.h>

#include <cmath>
#include <functional>
#include <limits>
#include <optional>
#include <string>
#include <vector>

namespace lk {
namespace {

struct Config {
    Activation act;
    float alpha, gain;
    std::optional<float> clamp;
};

// The generator's two uses (toRGB's linear, every conv's lrelu with sqrt(2) and a clamp of
// 256, here 1 so that it bites), a relu, a negative gain that flips the output's sign, and a
// linear clamp of 0 that zeroes everything.
const Config configs[] = {
    {Activation::linear, 0.2f, 1.0f, std::nullopt},
    {Activation::lrelu, 0.2f, float(M_SQRT2), std::nullopt},
    {Activation::lrelu, 0.2f, float(M_SQRT2), 1.0f},
    {Activation::lrelu, 0.0f, 1.0f, std::nullopt},
    {Activation::lrelu, 0.1f, -1.5f, 2.0f},
    {Activation::linear, 0.2f, 0.5f, 0.0f},
};

std::ostream& operator<<(std::ostream& os, const Config& c) {
    os << (c.act == Activation::lrelu ? "lrelu" : "linear") << " alpha " << c.alpha << " gain "
       << c.gain;
    if (c.clamp) os << " clamp " << *c.clamp;
    return os;
}

// The same computation composed of stock libtorch ops, as lk::gan::bias_act has it with alpha
// and gain made configurable: what the kernels must equal.
at::Tensor stock_bias_act(const at::Tensor& x, const at::Tensor& bias, const Config& c) {
    at::Tensor y = x;
    if (bias.defined()) {
        std::vector<int64_t> shape(size_t(x.dim()), 1);
        shape[1] = -1;
        y = y + bias.reshape(shape);
    }
    if (c.act == Activation::lrelu) y = at::leaky_relu(y, c.alpha);
    y = y * c.gain;
    if (c.clamp) y = y.clamp(-*c.clamp, *c.clamp);
    return y;
}

// Normal values scaled by 2: many beyond every clamp in configs, many below zero.
at::Tensor random_values(at::IntArrayRef sizes, uint64_t seed) {
    return at::randn(sizes, at::make_generator<at::CPUGeneratorImpl>(seed)) * 2;
}

// Ranks 2 to 4, odd sizes (none a multiple of a vector width or a CUDA block).
const std::vector<int64_t> shapes[] = {{3, 6}, {2, 5, 11}, {2, 7, 9, 13}, {1, 1, 1, 1}};

// The layouts a caller may hand over, all holding the same values as `contiguous`: contiguous
// itself, every other element of a larger tensor, and a tensor stored with dimension 1 last.
std::vector<at::Tensor> layouts_of(const at::Tensor& contiguous) {
    at::Tensor wider = at::zeros({contiguous.numel() * 2}, contiguous.options());
    at::Tensor every_other = wider.slice(0, 0, wider.numel(), 2).view(contiguous.sizes());
    every_other.copy_(contiguous);
    std::vector<int64_t> last(size_t(contiguous.dim()));
    for (int64_t d = 0; d < contiguous.dim(); ++d) last[size_t(d)] = d;
    last.erase(last.begin() + 1);
    last.push_back(1);
    std::vector<int64_t> back(last.size());
    for (size_t d = 0; d < last.size(); ++d) back[size_t(last[d])] = int64_t(d);
    const at::Tensor channels_last = contiguous.permute(last).contiguous().permute(back);
    return {contiguous, every_other, channels_last};
}

void expect_same(const at::Tensor& actual, const at::Tensor& expected) {
    ASSERT_EQ(actual.scalar_type(), expected.scalar_type());
    ASSERT_EQ(actual.sizes(), expected.sizes());
    const at::Tensor a = actual.cpu(), e = expected.cpu();
    // NaN equals NaN here: non-finite inputs must come out as the stock ops give them.
    EXPECT_TRUE(at::isclose(a, e, 0, 0, true).all().item<bool>())
        << "max abs diff " << (a.to(at::kDouble) - e.to(at::kDouble)).abs().max().item<double>();
}

// Calls check with (x, bias) for every shape and layout, with and without bias, on `device`.
void for_each_input(const at::Device& device, at::ScalarType type,
                    const std::function<void(const at::Tensor&, const at::Tensor&)>& check) {
    uint64_t seed = 1;
    for (const std::vector<int64_t>& shape : shapes) {
        const at::Tensor bias = random_values({shape[1]}, seed++).to(type).to(device);
        for (const at::Tensor& x : layouts_of(random_values(shape, seed++).to(type).to(device)))
            for (const at::Tensor& b : {bias, at::Tensor()}) {
                SCOPED_TRACE(testing::Message() << x.sizes() << " strides " << x.strides()
                                                << (b.defined() ? " with" : " without")
                                                << " bias");
                check(x, b);
            }
    }
}

// Forward on float32 equals the stock ops exactly: the same four float operations in the same
// order, each rounded once.
TEST(BiasAct, ForwardEqualsStockOps) {
    for_each_input(at::kCPU, at::kFloat, [](const at::Tensor& x, const at::Tensor& bias) {
        for (const Config& c : configs) {
            SCOPED_TRACE(testing::Message() << c);
            const at::Tensor y = bias_act(x, bias, c.act, c.alpha, c.gain, c.clamp);
            EXPECT_TRUE(y.is_contiguous());
            expect_same(y, stock_bias_act(x, bias, c));
        }
    });
}

TEST(BiasAct, RankOneWithoutBias) {
    const at::Tensor x = random_values({37}, 7);
    for (const Config& c : configs)
        expect_same(bias_act(x, at::Tensor(), c.act, c.alpha, c.gain, c.clamp),
                    stock_bias_act(x, at::Tensor(), c));
}

// Half and bfloat16 are computed in float and rounded once, so they equal the float32 result
// rounded to their type (stock half ops would round after every step instead).
TEST(BiasAct, HalfAndBFloat16ComputeInFloat) {
    for (const at::ScalarType type : {at::kHalf, at::kBFloat16})
        for_each_input(at::kCPU, type, [&](const at::Tensor& x, const at::Tensor& bias) {
            for (const Config& c : configs) {
                const at::Tensor wide_bias = bias.defined() ? bias.to(at::kFloat) : bias;
                expect_same(bias_act(x, bias, c.act, c.alpha, c.gain, c.clamp),
                            bias_act(x.to(at::kFloat), wide_bias, c.act, c.alpha, c.gain, c.clamp)
                                .to(type));
            }
        });
}

TEST(BiasAct, NonFiniteValuesPropagateLikeStockOps) {
    const float inf = std::numeric_limits<float>::infinity();
    const float nan = std::numeric_limits<float>::quiet_NaN();
    const at::Tensor x = at::tensor({nan, inf, -inf, -0.0f, 0.0f, 1e38f, -1e38f}).reshape({1, 7});
    const at::Tensor bias = at::tensor({1.0f, 1.0f, 1.0f, -0.0f, -0.0f, 1e38f, -1e38f});
    for (const Config& c : configs)
        for (const at::Tensor& b : {bias, at::Tensor()}) {
            SCOPED_TRACE(testing::Message() << c);
            expect_same(bias_act(x, b, c.act, c.alpha, c.gain, c.clamp),
                        stock_bias_act(x, b, c));
        }
}

// Bias gradients summed in different orders: each within the bound that holds for any order,
// terms * epsilon * the sum of the terms' magnitudes, per channel, plus one rounding of the
// result to its type on each side for half and bfloat16 (their sums accumulate in float).
void expect_sums_close(const at::Tensor& actual, const at::Tensor& expected,
                       const at::Tensor& grad_x) {
    ASSERT_EQ(actual.sizes(), expected.sizes());
    const at::Tensor terms =
        grad_x.cpu().to(at::kFloat).transpose(0, 1).reshape({actual.size(0), -1});
    const double float_epsilon = std::numeric_limits<float>::epsilon();
    const double type_epsilon = actual.scalar_type() == at::kHalf       ? 1.0 / 1024
                                : actual.scalar_type() == at::kBFloat16 ? 1.0 / 128
                                                                        : 0.0;
    const at::Tensor bound =
        terms.abs().sum(1) * (double(terms.size(1)) * float_epsilon) +
        expected.cpu().to(at::kFloat).abs() * type_epsilon;
    const at::Tensor difference =
        (actual.cpu().to(at::kFloat) - expected.cpu().to(at::kFloat)).abs();
    EXPECT_TRUE((difference <= bound).all().item<bool>())
        << "differences " << difference << " bounds " << bound;
}

struct StockGradients {
    at::Tensor x, bias;
};

// Autograd through the stock ops.
StockGradients stock_gradients(const at::Tensor& x, const at::Tensor& bias,
                               const at::Tensor& grad_out, const Config& c) {
    const at::Tensor leaf_x = x.detach().clone().requires_grad_();
    const at::Tensor leaf_bias = bias.defined() ? bias.detach().clone().requires_grad_() : bias;
    stock_bias_act(leaf_x, leaf_bias, c).backward(grad_out);
    return {leaf_x.grad(), leaf_bias.defined() ? leaf_bias.grad() : at::Tensor()};
}

// grad_x equals autograd's exactly: the same multiplications in the same order. Random values
// never land exactly on a clamp bound, the one place the two differ (see the next test).
// grad_bias sums the same values in another order, as autograd reduces the gradient in the
// layout grad_out came in.
TEST(BiasAct, BackwardEqualsAutogradOfStockOps) {
    uint64_t seed = 1000;
    for_each_input(at::kCPU, at::kFloat, [&](const at::Tensor& x, const at::Tensor& bias) {
        for (const Config& c : configs) {
            SCOPED_TRACE(testing::Message() << c);
            // Non-contiguous too: the gradient arrives in whatever layout the next op left it.
            const at::Tensor grad_out = layouts_of(random_values(x.sizes(), seed++))[2];
            const at::Tensor y = bias_act(x, bias, c.act, c.alpha, c.gain, c.clamp);
            const BiasActGradients ours = bias_act_backward(grad_out, y, bias.defined(), c.act,
                                                            c.alpha, c.gain, c.clamp);
            const StockGradients expected = stock_gradients(x, bias, grad_out, c);
            EXPECT_TRUE(ours.x.is_contiguous());
            expect_same(ours.x, expected.x);
            ASSERT_EQ(ours.bias.defined(), bias.defined());
            if (bias.defined()) expect_sums_close(ours.bias, expected.bias, ours.x);
        }
    });
}

// Where inputs require grad, bias_act is recorded for autograd: gradients of a loss through it
// equal those through the stock ops, and so do gradients of a function of those gradients
// (what R1 and path-length regularization differentiate), here with respect to a per-channel
// scale upstream of the op.
TEST(BiasAct, AutogradToSecondOrderEqualsStockOps) {
    uint64_t seed = 3000;
    for (const Config& c : configs) {
        SCOPED_TRACE(testing::Message() << c);
        const at::Tensor x = random_values({3, 4, 5, 6}, seed++).requires_grad_();
        const at::Tensor scale = (random_values({1, 4, 1, 1}, seed++) + 0.5).requires_grad_();
        const at::Tensor bias = random_values({4}, seed++).requires_grad_();
        const at::Tensor weight = random_values({3, 4, 5, 6}, seed++);
        const auto gradients = [&](auto&& op) {
            const at::Tensor y = op(x * scale, bias);
            const auto first = torch::autograd::grad({(y * weight).sum()}, {x, bias}, {}, true, true);
            const at::Tensor penalty = first[0].square().sum() + first[1].square().sum();
            const auto second = torch::autograd::grad({penalty}, {scale});
            return std::vector<at::Tensor>{first[0].detach(), first[1].detach(), second[0]};
        };
        const auto ours = gradients([&](const at::Tensor& v, const at::Tensor& b) {
            return bias_act(v, b, c.act, c.alpha, c.gain, c.clamp);
        });
        const auto stock = gradients([&](const at::Tensor& v, const at::Tensor& b) {
            return stock_bias_act(v, b, c);
        });
        for (size_t i = 0; i < ours.size(); ++i)
            EXPECT_TRUE(at::allclose(ours[i], stock[i], 1e-5, 1e-5))
                << "gradient " << i << ": " << (ours[i] - stock[i]).abs().max().item<double>();
    }
}

TEST(BiasAct, NoGradientWhereTheClampBites) {
    // Pre-clamp values 2 * (-3, -1, -0.5, 0.25, 0.5, 1, 3) against a clamp of 1: +-1 exactly
    // is clamped output too, and gets no gradient, where autograd would pass it.
    const at::Tensor x = at::tensor({-3.0f, -1.0f, -0.5f, 0.25f, 0.5f, 1.0f, 3.0f}).reshape({1, 7});
    const at::Tensor y = bias_act(x, at::Tensor(), Activation::linear, 0.0f, 2.0f, 1.0f);
    expect_same(y, at::tensor({-1.0f, -1.0f, -1.0f, 0.5f, 1.0f, 1.0f, 1.0f}).reshape({1, 7}));
    const BiasActGradients g = bias_act_backward(at::ones_like(x), y, true, Activation::linear,
                                                 0.0f, 2.0f, 1.0f);
    expect_same(g.x, at::tensor({0.0f, 0.0f, 0.0f, 2.0f, 0.0f, 0.0f, 0.0f}).reshape({1, 7}));
    expect_same(g.bias, at::tensor({0.0f, 0.0f, 0.0f, 2.0f, 0.0f, 0.0f, 0.0f}));
}

TEST(BiasAct, BackwardWithoutBiasGradientOnRankOne) {
    const at::Tensor x = random_values({29}, 11), grad_out = random_values({29}, 12);
    const Config c = configs[2];
    const BiasActGradients g =
        bias_act_backward(grad_out, bias_act(x, at::Tensor(), c.act, c.alpha, c.gain, c.clamp),
                          false, c.act, c.alpha, c.gain, c.clamp);
    EXPECT_FALSE(g.bias.defined());
    expect_same(g.x, stock_gradients(x, at::Tensor(), grad_out, c).x);
}

TEST(BiasAct, EmptyTensors) {
    const at::Tensor bias = at::zeros({3});
    for (const at::Tensor& x : {at::zeros({0, 3, 4}), at::zeros({2, 3, 0})}) {
        const at::Tensor y = bias_act(x, bias, Activation::lrelu, 0.2f, 1.0f, 1.0f);
        EXPECT_EQ(y.sizes(), x.sizes());
        const BiasActGradients g =
            bias_act_backward(y, y, true, Activation::lrelu, 0.2f, 1.0f, 1.0f);
        EXPECT_EQ(g.x.sizes(), x.sizes());
        expect_same(g.bias, at::zeros({3}));
    }
}

TEST(BiasAct, BadArgumentsAreInvalid) {
    const at::Tensor x = at::zeros({2, 3, 4}), bias = at::zeros({3});
    const float nan = std::numeric_limits<float>::quiet_NaN();
    const float inf = std::numeric_limits<float>::infinity();
    const auto expect_invalid = [](const std::function<void()>& call, const std::string& says) {
        const std::string message = test::error_of(LK_ERR_INVALID_ARGUMENT, call);
        EXPECT_NE(message.find(says), std::string::npos) << message;
    };
    const Activation lrelu = Activation::lrelu, linear = Activation::linear;
    expect_invalid([&] { bias_act(at::Tensor(), bias, lrelu, 0.2f, 1, {}); }, "undefined x");
    expect_invalid([&] { bias_act(x.to(at::kDouble), bias, lrelu, 0.2f, 1, {}); },
                   "x as float32, float16 or bfloat16, got Double");
    expect_invalid([&] { bias_act(at::zeros({}), at::Tensor(), lrelu, 0.2f, 1, {}); },
                   "got a scalar");
    expect_invalid([&] { bias_act(at::zeros({3}), bias, lrelu, 0.2f, 1, {}); },
                   "x has only 1 dimension");
    expect_invalid([&] { bias_act(x, at::zeros({4}), lrelu, 0.2f, 1, {}); },
                   "bias of shape (3) to match x of shape [2, 3, 4], got shape [4]");
    expect_invalid([&] { bias_act(x, at::zeros({3, 1}), lrelu, 0.2f, 1, {}); },
                   "got shape [3, 1]");
    expect_invalid([&] { bias_act(x, bias.to(at::kHalf), lrelu, 0.2f, 1, {}); },
                   "bias in x's dtype Float, got Half");
    expect_invalid([&] { bias_act(x, at::zeros({3}, at::kMeta), lrelu, 0.2f, 1, {}); },
                   "bias on x's device cpu, got meta");
    expect_invalid([&] { bias_act(x, bias, lrelu, nan, 1, {}); }, "finite alpha and gain");
    expect_invalid([&] { bias_act(x, bias, linear, 0.2f, inf, {}); }, "finite alpha and gain");
    expect_invalid([&] { bias_act(x, bias, lrelu, -0.2f, 1, {}); },
                   "alpha >= 0 for lrelu");
    expect_invalid([&] { bias_act(x, bias, lrelu, 0.2f, 1, -1.0f); },
                   "finite clamp >= 0 when one is given, got -1");
    expect_invalid([&] { bias_act(x, bias, lrelu, 0.2f, 1, nan); }, "finite clamp >= 0");
    expect_invalid([&] { bias_act(x, bias, lrelu, 0.2f, 1, inf); }, "finite clamp >= 0");
    expect_invalid([&] { bias_act(x, bias, Activation(7), 0.2f, 1, {}); },
                   "unknown activation 7");

    expect_invalid([&] { bias_act_backward(x, at::Tensor(), true, lrelu, 0.2f, 1, {}); },
                   "undefined y");
    expect_invalid([&] { bias_act_backward(x, x[0], true, lrelu, 0.2f, 1, {}); },
                   "y shaped like grad_out [2, 3, 4], got [3, 4]");
    expect_invalid([&] { bias_act_backward(x, x.to(at::kBFloat16), true, lrelu, 0.2f, 1, {}); },
                   "y in grad_out's dtype Float, got BFloat16");
    expect_invalid([&] { bias_act_backward(x.to(at::kInt), x, true, lrelu, 0.2f, 1, {}); },
                   "grad_out as float32, float16 or bfloat16, got Int");
    expect_invalid([&] { bias_act_backward(bias, bias, true, lrelu, 0.2f, 1, {}); },
                   "grad_out has only 1 dimension");
    expect_invalid([&] { bias_act_backward(x, x, true, lrelu, 0.2f, -inf, {}); },
                   "finite alpha and gain");
}

TEST(BiasAct, OtherDevicesAreUnsupported) {
    const at::Tensor x = at::zeros({2, 3}, at::kMeta);
    const std::string message = test::error_of(LK_ERR_UNSUPPORTED, [&] {
        bias_act(x, at::Tensor(), Activation::lrelu, 0.2f, 1, {});
    });
    EXPECT_NE(message.find("runs on the CPU and CUDA only, got a tensor on meta"),
              std::string::npos)
        << message;
    test::error_of(LK_ERR_UNSUPPORTED, [&] {
        bias_act_backward(x, x, true, Activation::lrelu, 0.2f, 1, {});
    });
}

// CUDA parity: the kernels against the CPU reference. The elementwise results are bit for bit
// (the same float operations in the same order, none fusable into an FMA); grad_bias is a sum
// that the two devices' reductions order differently, so it is compared within a bound; half
// and bfloat16 sums are rounded to their type at the end, which the bound allows for too.
TEST(BiasActCuda, ForwardMatchesCpu) {
    LK_REQUIRE_CUDA();
    for (const at::ScalarType type : {at::kFloat, at::kHalf, at::kBFloat16})
        for_each_input(at::kCUDA, type, [](const at::Tensor& x, const at::Tensor& bias) {
            const at::Tensor cpu_bias = bias.defined() ? bias.cpu() : bias;
            for (const Config& c : configs) {
                SCOPED_TRACE(testing::Message() << c << " " << x.scalar_type());
                const at::Tensor y = bias_act(x, bias, c.act, c.alpha, c.gain, c.clamp);
                EXPECT_EQ(y.device(), x.device());
                EXPECT_TRUE(y.is_contiguous());
                expect_same(y, bias_act(x.cpu(), cpu_bias, c.act, c.alpha, c.gain, c.clamp));
            }
        });
}

TEST(BiasActCuda, BackwardMatchesCpu) {
    LK_REQUIRE_CUDA();
    uint64_t seed = 2000;
    for (const at::ScalarType type : {at::kFloat, at::kHalf, at::kBFloat16})
        for_each_input(at::kCUDA, type, [&](const at::Tensor& x, const at::Tensor& bias) {
            for (const Config& c : configs) {
                SCOPED_TRACE(testing::Message() << c << " " << x.scalar_type());
                const at::Tensor grad_out =
                    layouts_of(random_values(x.sizes(), seed++).to(type).to(x.device()))[1];
                const at::Tensor y = bias_act(x, bias, c.act, c.alpha, c.gain, c.clamp);
                const BiasActGradients gpu = bias_act_backward(grad_out, y, bias.defined(),
                                                               c.act, c.alpha, c.gain, c.clamp);
                const BiasActGradients cpu = bias_act_backward(
                    grad_out.cpu(), y.cpu(), bias.defined(), c.act, c.alpha, c.gain, c.clamp);
                EXPECT_EQ(gpu.x.device(), x.device());
                expect_same(gpu.x, cpu.x);
                if (!bias.defined()) continue;
                expect_sums_close(gpu.bias, cpu.bias, cpu.x);
            }
        });
}

}  // namespace
}  // namespace lk
