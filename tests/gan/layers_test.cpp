// The resampling layers against NVIDIA's definitions, where the fixtures do not reach them.
#include "gan/layers.h"

#include <ATen/ATen.h>
#include <gtest/gtest.h>

namespace lk::gan {
namespace {

at::Tensor filter_1331() {
    const at::Tensor taps = at::tensor({1.0f, 3.0f, 3.0f, 1.0f});
    return at::outer(taps, taps) / 64;
}

// NVIDIA's downsample2d: pad (1, 1) around a 4-tap filter, filter, keep even pixels; by hand
// with a depthwise convolution of stride 2.
TEST(Downsample2d, FiltersThenKeepsEveryOtherPixel) {
    const at::Tensor x = at::randn({2, 3, 8, 6});
    const at::Tensor f = filter_1331();
    const at::Tensor expected =
        at::convolution(at::constant_pad_nd(x, {1, 1, 1, 1}), f.flip({0, 1}).expand({3, 1, 4, 4}),
                        at::Tensor(), {2, 2}, {0, 0}, {1, 1}, false, {0, 0}, 3);
    const at::Tensor y = downsample2d(x, f);
    ASSERT_EQ(y.sizes(), at::IntArrayRef({2, 3, 4, 3}));
    EXPECT_TRUE(at::allclose(y, expected, 1e-5, 1e-6));
}

// A constant image keeps its value away from the zero border, in both directions.
TEST(Downsample2d, KeepsConstantsAndInvertsUpsample2dSize) {
    const at::Tensor x = at::full({1, 1, 8, 8}, 3.0f);
    const at::Tensor f = filter_1331();
    const at::Tensor down = downsample2d(x, f);
    EXPECT_TRUE(at::allclose(down.slice(2, 1, 3).slice(3, 1, 3), at::full({1, 1, 2, 2}, 3.0f)));
    EXPECT_EQ(upsample2d(down, f).sizes(), x.sizes());
}

}  // namespace
}  // namespace lk::gan
