#include "kernels/upfirdn2d.h"

#include "support/cuda.h"
#include "support/error_of.h"

#include <ATen/ATen.h>
#include <ATen/CPUGeneratorImpl.h>
#include <c10/core/GradMode.h>
#include <gtest/gtest.h>
#include <torch/csrc/autograd/autograd.h>

#include <cmath>
#include <functional>
#include <limits>
#include <string>
#include <vector>

namespace lk {
namespace {

struct Case {
    int64_t up, down;
    Padding padding;
    bool flip;
    float gain;
};

std::ostream& operator<<(std::ostream& os, const Case& c) {
    return os << "up " << c.up << " down " << c.down << " padding (" << c.padding[0] << ", "
              << c.padding[1] << ", " << c.padding[2] << ", " << c.padding[3] << ") flip "
              << c.flip << " gain " << c.gain;
}

// NVIDIA's reference composition in stock ops: zero insertion by reshape and pad, padding and
// cropping, a depthwise convolution with the flipped (2-D) filter, and striding. A 1-D filter
// takes part as its outer product.
at::Tensor stock_upfirdn2d(const at::Tensor& x, const at::Tensor& f, const Case& c) {
    const int64_t n = x.size(0), ch = x.size(1), h = x.size(2), w = x.size(3);
    at::Tensor y = at::constant_pad_nd(x.reshape({n, ch, h, 1, w, 1}),
                                       {0, c.up - 1, 0, 0, 0, c.up - 1})
                       .reshape({n, ch, h * c.up, w * c.up});
    const auto [x0, x1, y0, y1] = c.padding;
    y = at::constant_pad_nd(y, {std::max<int64_t>(x0, 0), std::max<int64_t>(x1, 0),
                                std::max<int64_t>(y0, 0), std::max<int64_t>(y1, 0)});
    y = y.slice(2, std::max<int64_t>(-y0, 0), y.size(2) - std::max<int64_t>(-y1, 0))
            .slice(3, std::max<int64_t>(-x0, 0), y.size(3) - std::max<int64_t>(-x1, 0));
    at::Tensor k = (f.dim() == 1 ? at::outer(f, f) : f).to(x.scalar_type()) * c.gain;
    if (!c.flip) k = k.flip({0, 1});
    y = at::convolution(y, k.expand({ch, 1, k.size(0), k.size(1)}), at::Tensor(), {1, 1}, {0, 0},
                        {1, 1}, false, {0, 0}, ch);
    return y.slice(2, 0, y.size(2), c.down).slice(3, 0, y.size(3), c.down);
}

at::Tensor random_values(at::IntArrayRef sizes, uint64_t seed) {
    return at::randn(sizes, at::make_generator<at::CPUGeneratorImpl>(seed));
}

// Odd sizes, a non-square 2-D filter (so that a swap of axes shows), an even and an odd 1-D one.
const std::vector<int64_t> input_shapes[] = {{2, 3, 7, 5}, {1, 2, 4, 9}};
at::Tensor filters(int which) {
    switch (which) {
        case 0: return random_values({3, 4}, 90);
        case 1: return at::tensor({1.0f, 3.0f, 3.0f, 1.0f}) / 8;
        default: return random_values({5}, 91);
    }
}
constexpr int filter_count = 3;

std::vector<Case> cases() {
    std::vector<Case> all;
    const Padding paddings[] = {{0, 0, 0, 0}, {2, 1, 2, 1}, {-1, 3, 2, -2}, {3, -2, 0, 4}};
    for (const int64_t up : {1, 2, 4})
        for (const int64_t down : {1, 2})
            for (const Padding& padding : paddings)
                for (const bool flip : {false, true})
                    all.push_back({up, down, padding, flip, flip ? -0.5f : 2.5f});
    all.push_back({1, 1, {0, 0, 0, 0}, false, 1.0f});
    return all;
}

bool has_output(at::IntArrayRef shape, const at::Tensor& f, const Case& c) {
    const auto [x0, x1, y0, y1] = c.padding;
    return shape[2] * c.up + y0 + y1 >= f.size(0) && shape[3] * c.up + x0 + x1 >= f.size(-1);
}

// Calls check(x, f, case) for every input shape, filter and case that leaves an output.
void for_each_case(const std::function<void(const at::Tensor&, const at::Tensor&, const Case&)>& check) {
    uint64_t seed = 1;
    for (const std::vector<int64_t>& shape : input_shapes)
        for (int which = 0; which < filter_count; ++which) {
            const at::Tensor f = filters(which);
            const at::Tensor x = random_values(shape, seed++);
            for (const Case& c : cases()) {
                if (!has_output(shape, f, c)) continue;
                SCOPED_TRACE(testing::Message() << c << " x " << x.sizes() << " f " << f.sizes());
                check(x, f, c);
            }
        }
}

void expect_close(const at::Tensor& actual, const at::Tensor& expected, double tolerance) {
    ASSERT_EQ(actual.sizes(), expected.sizes());
    const double scale = std::max(1.0, expected.abs().max().item<double>());
    const double diff =
        (actual.to(at::kDouble) - expected.to(at::kDouble)).abs().max().item<double>();
    EXPECT_LE(diff, tolerance * scale);
}

// Float32 sums of a few products against float64 stock ops: within a few roundings.
constexpr double float_tolerance = 1e-5;

at::Tensor call(const at::Tensor& x, const at::Tensor& f, const Case& c) {
    return upfirdn2d(x, f, c.up, c.down, c.padding, c.flip, c.gain);
}

TEST(Upfirdn2d, ForwardMatchesStockOps) {
    int checked = 0;
    for_each_case([&](const at::Tensor& x, const at::Tensor& f, const Case& c) {
        const at::Tensor y = call(x, f, c);
        EXPECT_TRUE(y.is_contiguous());
        EXPECT_EQ(y.scalar_type(), at::kFloat);
        expect_close(y, stock_upfirdn2d(x.to(at::kDouble), f, c), float_tolerance);
        ++checked;
    });
    EXPECT_GT(checked, 250);  // the filter on has_output must not drop most cases
}

// The CPU loops split each row by phase and run its interior tap by tap; every output must
// still be the sum that the CUDA kernel's per-pixel function computes, bit for bit.
TEST(Upfirdn2d, CpuLoopsEqualThePerPixelFunction) {
    for_each_case([&](const at::Tensor& x, const at::Tensor& f, const Case& c) {
        if (f.dim() != 2) return;
        const auto [x0, x1, y0, y1] = c.padding;
        const at::Tensor k = (c.flip ? f : f.flip({0, 1})) * c.gain;
        detail::Upfirdn2dPass p{c.up, c.up, c.down, c.down, x0, y0, x.size(2), x.size(3), 0, 0,
                                f.size(0), f.size(1)};
        p.out_h = (p.in_h * c.up + y0 + y1 - p.filter_h) / c.down + 1;
        p.out_w = (p.in_w * c.up + x0 + x1 - p.filter_w) / c.down + 1;
        const at::Tensor y = detail::upfirdn2d_pass(x, k, p);
        const at::Tensor expected = at::empty_like(y);
        const float* in = x.const_data_ptr<float>();
        float* out = expected.mutable_data_ptr<float>();
        for (int64_t plane = 0; plane < x.size(0) * x.size(1); ++plane)
            for (int64_t oy = 0; oy < p.out_h; ++oy)
                for (int64_t ox = 0; ox < p.out_w; ++ox)
                    *out++ = detail::upfirdn2d_value(
                        in + plane * p.in_h * p.in_w, k.const_data_ptr<float>(), p,
                        detail::first_tap(oy, p.up_y, p.down_y, p.pad_y0),
                        detail::first_tap(ox, p.up_x, p.down_x, p.pad_x0));
        EXPECT_TRUE(at::equal(y, expected));
    });
}

TEST(Upfirdn2d, StridedInputs) {
    const at::Tensor x = random_values({2, 9, 6, 3}, 5).permute({0, 3, 1, 2});
    const at::Tensor f = filters(0);
    const Case c{2, 1, {1, 2, 2, 1}, false, 1.0f};
    expect_close(call(x, f, c), stock_upfirdn2d(x.to(at::kDouble), f, c), float_tolerance);
}

// Half and bfloat16 with a 2-D filter run the float computation and round once at the end.
TEST(Upfirdn2d, HalfAndBFloat16ComputeInFloat) {
    const at::Tensor f = filters(0);
    const Case c{2, 2, {2, 1, 1, 2}, false, 1.5f};
    for (const at::ScalarType type : {at::kHalf, at::kBFloat16}) {
        const at::Tensor x = random_values({2, 3, 7, 5}, 6).to(type);
        const at::Tensor y = call(x, f, c);
        EXPECT_EQ(y.scalar_type(), type);
        EXPECT_TRUE(at::equal(y, call(x.to(at::kFloat), f, c).to(type))) << type;
    }
}

// The gradients of a non-linear loss, first order and through the first-order gradient again
// (as R1 needs), against autograd through the stock ops in float64.
TEST(Upfirdn2d, GradientsOfEveryOrderMatchAutogradOfStockOps) {
    for_each_case([&](const at::Tensor& x, const at::Tensor& f, const Case& c) {
        const auto gradients = [&](const std::function<at::Tensor(const at::Tensor&)>& op,
                                   const at::Tensor& input) {
            const at::Tensor leaf = input.detach().requires_grad_();
            const at::Tensor y = op(leaf);
            const at::Tensor first = torch::autograd::grad({(y * y * y).sum()}, {leaf}, {},
                                                           /*retain_graph=*/true,
                                                           /*create_graph=*/true)[0];
            const at::Tensor second = torch::autograd::grad({first.square().sum()}, {leaf})[0];
            return std::pair{first.detach(), second};
        };
        const auto [first, second] =
            gradients([&](const at::Tensor& v) { return call(v, f, c); }, x);
        const auto [stock_first, stock_second] = gradients(
            [&](const at::Tensor& v) { return stock_upfirdn2d(v, f, c); }, x.to(at::kDouble));
        expect_close(first, stock_first, 1e-4);
        expect_close(second, stock_second, 1e-4);
    });
}

TEST(Upfirdn2d, NoGraphWithoutGradMode) {
    const at::Tensor x = random_values({1, 1, 4, 4}, 8).requires_grad_();
    const c10::NoGradGuard no_grad;
    EXPECT_FALSE(call(x, filters(1), {2, 1, {2, 1, 2, 1}, false, 4.0f}).requires_grad());
}

TEST(Upfirdn2d, EmptyBatch) {
    const at::Tensor y = call(at::zeros({0, 3, 4, 4}), filters(1), {2, 1, {2, 1, 2, 1}, false, 4});
    EXPECT_EQ(y.sizes(), at::IntArrayRef({0, 3, 8, 8}));
}

TEST(Upfirdn2d, BadArgumentsAreInvalid) {
    const at::Tensor x = at::zeros({1, 2, 4, 4}), f = filters(1);
    const auto expect_invalid = [](const std::function<void()>& body, const std::string& says) {
        const std::string message = test::error_of(LK_ERR_INVALID_ARGUMENT, body);
        EXPECT_NE(message.find(says), std::string::npos) << message;
    };
    const Padding none{0, 0, 0, 0};
    expect_invalid([&] { upfirdn2d(x, f, 0, 1, none, false, 1); },
                   "up >= 1 and down >= 1, got up 0 and down 1");
    expect_invalid([&] { upfirdn2d(x, f, 1, -2, none, false, 1); }, "got up 1 and down -2");
    expect_invalid([&] { upfirdn2d(x, at::zeros({2, 2, 2}), 1, 1, none, false, 1); },
                   "filter f of rank 1 (separable taps) or 2 (fh, fw), got shape [2, 2, 2]");
    expect_invalid([&] { upfirdn2d(x, at::zeros({0}), 1, 1, none, false, 1); },
                   "non-empty filter");
    expect_invalid([&] { upfirdn2d(x, f.to(at::kDouble), 1, 1, none, false, 1); },
                   "filter f as float32, got Double");
    expect_invalid([&] { upfirdn2d(x, at::Tensor(), 1, 1, none, false, 1); },
                   "undefined filter");
    expect_invalid([&] { upfirdn2d(at::zeros({2, 4, 4}), f, 1, 1, none, false, 1); },
                   "x shaped (N, C, H, W), got shape [2, 4, 4]");
    expect_invalid([&] { upfirdn2d(x.to(at::kInt), f, 1, 1, none, false, 1); },
                   "x as float32, float16 or bfloat16, got Int");
    expect_invalid([&] { upfirdn2d(x, f, 1, 1, {-1, 0, 0, 0}, false, 1); },
                   "leaves no output: x [1, 2, 4, 4] upsampled by 1 and padded by (x0 -1, x1 0, "
                   "y0 0, y1 0) is 4x3 (height x width), smaller than the 4x4 filter");
    expect_invalid([&] { upfirdn2d(x, f, 1, 1, none, false, std::nanf("")); }, "finite gain");
    expect_invalid(
        [&] { upfirdn2d(x, f.clone().requires_grad_(), 1, 1, none, false, 1); },
        "no gradient for the filter f");
}

TEST(Upfirdn2d, OtherDevicesAreUnsupported) {
    const std::string message = test::error_of(LK_ERR_UNSUPPORTED, [&] {
        upfirdn2d(at::zeros({1, 1, 4, 4}, at::kMeta), filters(1), 1, 1, {0, 0, 0, 0}, false, 1);
    });
    EXPECT_NE(message.find("got a tensor on meta"), std::string::npos) << message;
}

// The CUDA kernel sums the same products in the same order, but may fuse each multiply-add,
// so it matches the CPU within a rounding per tap rather than bit for bit.
TEST(Upfirdn2dCuda, ForwardAndBackwardMatchCpu) {
    LK_REQUIRE_CUDA();
    for (const at::ScalarType type : {at::kFloat, at::kHalf, at::kBFloat16})
        for_each_case([&](const at::Tensor& x, const at::Tensor& f, const Case& c) {
            const at::Tensor input = x.to(type);
            const at::Tensor gpu = input.cuda().requires_grad_();
            const at::Tensor y = call(gpu, f, c);
            EXPECT_TRUE(y.is_cuda());
            const double tolerance = type == at::kFloat ? float_tolerance : 1e-2;
            expect_close(y.cpu(), call(input, f, c), tolerance);
            const at::Tensor grad_out = random_values(y.sizes(), 77).to(type);
            const at::Tensor dx = torch::autograd::grad({y}, {gpu}, {grad_out.cuda()})[0];
            const at::Tensor cpu = input.clone().requires_grad_();
            const at::Tensor cpu_dx = torch::autograd::grad({call(cpu, f, c)}, {cpu}, {grad_out})[0];
            expect_close(dx.cpu(), cpu_dx, tolerance);
        });
}

}  // namespace
}  // namespace lk
