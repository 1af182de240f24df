#include "kernels/image_tensor.h"

#include "support/cuda.h"
#include "support/error_of.h"
#include "support/images.h"

#include <ATen/ATen.h>
#include <ATen/CPUGeneratorImpl.h>
#include <gtest/gtest.h>

#include <array>
#include <cmath>
#include <functional>
#include <limits>
#include <string>
#include <vector>

namespace lk {
namespace {


// The (scale, offset) pairs models use: [-1, 1], [0, 1], raw values, and their inverses.
struct Mapping {
    float scale, offset;
};
const Mapping to_tensor_mappings[] = {{2.0f / 255.0f, -1.0f}, {1.0f / 255.0f, 0.0f}, {1.0f, 0.0f}};
const Mapping to_image_mappings[] = {{127.5f, 127.5f}, {255.0f, 0.0f}, {1.0f, 0.0f}};

// The same computation composed of stock libtorch ops: what the kernels must equal.
at::Tensor stock_images_to_tensor(const at::Tensor& pixels, float scale, float offset) {
    return pixels.permute({0, 3, 1, 2}).to(at::kFloat) * scale + offset;
}
at::Tensor stock_tensor_to_images(const at::Tensor& x, float scale, float offset) {
    return (x.to(at::kFloat) * scale + offset)
        .round()
        .clamp(0, 255)
        .to(at::kByte)
        .permute({0, 2, 3, 1})
        .contiguous();
}

at::Tensor random_pixels(at::IntArrayRef sizes, uint64_t seed) {
    return at::randint(0, 256, sizes, at::make_generator<at::CPUGeneratorImpl>(seed),
                       at::TensorOptions(at::kByte));
}

// Values spread over [-0.25, 1.25]: for every mapping in to_image_mappings some land outside
// [0, 255] and have to be clamped.
at::Tensor random_values(at::IntArrayRef sizes, at::ScalarType type, uint64_t seed) {
    return (at::rand(sizes, at::make_generator<at::CPUGeneratorImpl>(seed)) * 1.5 - 0.25).to(type);
}

// The layouts a caller may hand over, all holding the same values as `contiguous`: contiguous
// itself, a strided view into a larger tensor, and a permutation of a tensor stored in another
// dimension order.
std::vector<at::Tensor> layouts_of(const at::Tensor& contiguous) {
    at::Tensor padded = at::zeros_like(contiguous).repeat({1, 2, 2, 1});
    at::Tensor strided = padded.slice(1, 0, padded.size(1), 2).slice(2, 1, padded.size(2), 2);
    strided.copy_(contiguous);
    const at::Tensor transposed =
        contiguous.permute({0, 2, 1, 3}).contiguous().permute({0, 2, 1, 3});
    return {contiguous, strided, transposed};
}

void expect_same(const at::Tensor& actual, const at::Tensor& expected) {
    ASSERT_EQ(actual.scalar_type(), expected.scalar_type());
    ASSERT_EQ(actual.sizes(), expected.sizes());
    EXPECT_TRUE(actual.is_contiguous());
    const at::Tensor difference = actual.cpu().to(at::kDouble) - expected.cpu().to(at::kDouble);
    EXPECT_TRUE(at::equal(actual.cpu(), expected.cpu()))
        << "max abs diff " << difference.abs().max().item<double>();
}

// Odd sizes (none a multiple of a vector width or a CUDA block) and a single pixel.
const std::array<int64_t, 3> batch_sizes[] = {{1, 1, 1}, {2, 7, 13}, {3, 65, 33}};

// Calls check with random pixels on `device`, for every channel count, size and layout.
void for_each_pixels(const at::Device& device,
                     const std::function<void(const at::Tensor&)>& check) {
    uint64_t seed = 1;
    for (int64_t channels = 1; channels <= 4; ++channels)
        for (const auto& [n, h, w] : batch_sizes)
            for (const at::Tensor& pixels :
                 layouts_of(random_pixels({n, h, w, channels}, seed++).to(device))) {
                SCOPED_TRACE(testing::Message()
                             << pixels.sizes() << " strides " << pixels.strides());
                check(pixels);
            }
}

// Calls check with random (N, C, H, W) values on `device`, for every dtype, channel count, size
// and layout.
void for_each_values(const at::Device& device,
                     const std::function<void(const at::Tensor&)>& check) {
    uint64_t seed = 100;
    for (const at::ScalarType type : {at::kFloat, at::kHalf, at::kBFloat16})
        for (int64_t channels = 1; channels <= 4; ++channels)
            for (const auto& [n, h, w] : batch_sizes)
                for (const at::Tensor& nhwc :
                     layouts_of(random_values({n, h, w, channels}, type, seed++).to(device))) {
                    const at::Tensor x = nhwc.permute({0, 3, 1, 2});
                    SCOPED_TRACE(testing::Message()
                                 << type << " " << x.sizes() << " strides " << x.strides());
                    check(x);
                }
}

TEST(ImageTensor, ImagesToTensorEqualsStockOps) {
    for_each_pixels(at::kCPU, [](const at::Tensor& pixels) {
        for (const Mapping& m : to_tensor_mappings)
            expect_same(images_to_tensor(pixels, m.scale, m.offset),
                        stock_images_to_tensor(pixels, m.scale, m.offset));
    });
}

TEST(ImageTensor, TensorToImagesEqualsStockOps) {
    for_each_values(at::kCPU, [](const at::Tensor& x) {
        for (const Mapping& m : to_image_mappings)
            expect_same(tensor_to_images(x, m.scale, m.offset),
                        stock_tensor_to_images(x, m.scale, m.offset));
    });
}

TEST(ImageTensor, TiesRoundToEvenLikeStockRound) {
    // Every half-integer from -2 to 258 and the integers between them.
    const at::Tensor x = (at::arange(-4, 517, at::kFloat) / 2).reshape({1, 1, 1, -1});
    const at::Tensor images = tensor_to_images(x, 1.0f, 0.0f);
    expect_same(images, stock_tensor_to_images(x, 1.0f, 0.0f));
    const uint8_t* p = images.const_data_ptr<uint8_t>();
    const auto at_value = [&](float v) { return int(p[int(v * 2) + 4]); };
    EXPECT_EQ(at_value(0.5f), 0);
    EXPECT_EQ(at_value(1.5f), 2);
    EXPECT_EQ(at_value(2.5f), 2);
    EXPECT_EQ(at_value(127.5f), 128);
    EXPECT_EQ(at_value(254.5f), 254);
    EXPECT_EQ(at_value(-0.5f), 0);
    EXPECT_EQ(at_value(255.5f), 255);
}

TEST(ImageTensor, RoundTripIsIdentity) {
    // Every pixel value in every channel position.
    for (int64_t channels = 1; channels <= 4; ++channels) {
        const at::Tensor pixels = (at::arange(2 * 16 * 16 * channels, at::kInt) % 256)
                                      .to(at::kByte)
                                      .reshape({2, 16, 16, channels});
        const std::vector<std::pair<Mapping, Mapping>> pairs = {
            {{2.0f / 255.0f, -1.0f}, {127.5f, 127.5f}}, {{1.0f / 255.0f, 0.0f}, {255.0f, 0.0f}}};
        for (const auto& [forward, back] : pairs) {
            const at::Tensor x = images_to_tensor(pixels, forward.scale, forward.offset);
            EXPECT_TRUE(at::equal(tensor_to_images(x, back.scale, back.offset), pixels))
                << channels << " channels, scale " << forward.scale;
            EXPECT_TRUE(
                at::equal(tensor_to_images(x.to(at::kHalf), back.scale, back.offset), pixels))
                << channels << " channels through float16, scale " << forward.scale;
        }
    }
}

TEST(ImageTensor, NonFiniteAndOutOfRangeValues) {
    const float inf = std::numeric_limits<float>::infinity();
    const float nan = std::numeric_limits<float>::quiet_NaN();
    const std::vector<float> in = {nan,   -nan,  inf,    -inf,   1e30f,
                                   -1e30f, -0.4f, 255.4f, 300.0f, -3.0f};
    const std::vector<int> expected = {0, 0, 255, 0, 255, 0, 0, 255, 255, 0};
    const at::Tensor x = at::tensor(in).reshape({1, 1, 1, -1});
    for (const at::ScalarType type : {at::kFloat, at::kHalf, at::kBFloat16}) {
        const at::Tensor images = tensor_to_images(x.to(type), 1.0f, 0.0f);
        for (size_t i = 0; i < in.size(); ++i)
            EXPECT_EQ(int(images.const_data_ptr<uint8_t>()[i]), expected[i])
                << "value " << in[i] << " as " << type;
    }
    // NaN arising inside the arithmetic: inf * 0.
    EXPECT_EQ(tensor_to_images(at::full({1, 1, 1, 1}, inf), 0.0f, 5.0f).item<uint8_t>(), 0);
}

TEST(ImageTensor, EmptyBatches) {
    const at::Tensor x = images_to_tensor(at::zeros({0, 4, 5, 3}, at::kByte), 1.0f, 0.0f);
    EXPECT_EQ(x.sizes(), (at::IntArrayRef{0, 3, 4, 5}));
    EXPECT_EQ(x.scalar_type(), at::kFloat);
    const at::Tensor images = tensor_to_images(at::zeros({2, 3, 0, 5}), 1.0f, 0.0f);
    EXPECT_EQ(images.sizes(), (at::IntArrayRef{2, 0, 5, 3}));
    EXPECT_EQ(images.scalar_type(), at::kByte);
}

TEST(ImageTensor, BadArgumentsAreInvalid) {
    const at::Tensor pixels = at::zeros({1, 2, 2, 3}, at::kByte);
    const at::Tensor x = at::zeros({1, 3, 2, 2});
    const float nan = std::numeric_limits<float>::quiet_NaN();
    const float inf = std::numeric_limits<float>::infinity();
    const auto expect_invalid = [](const std::function<void()>& call, const std::string& says) {
        const std::string message = test::error_of(LK_ERR_INVALID_ARGUMENT, call);
        EXPECT_NE(message.find(says), std::string::npos) << message;
    };
    expect_invalid([&] { images_to_tensor(pixels.to(at::kFloat), 1, 0); },
                   "needs uint8 pixels, got Float");
    expect_invalid([&] { images_to_tensor(pixels[0], 1, 0); }, "got 3 dimensions");
    expect_invalid([&] { images_to_tensor(at::Tensor(), 1, 0); }, "undefined tensor");
    expect_invalid([&] { images_to_tensor(at::zeros({1, 2, 2, 5}, at::kByte), 1, 0); },
                   "got a tensor with 5 channels");
    expect_invalid([&] { images_to_tensor(at::zeros({1, 2, 2, 0}, at::kByte), 1, 0); },
                   "got a tensor with 0 channels");
    expect_invalid([&] { images_to_tensor(pixels, nan, 0); }, "finite scale and offset");
    expect_invalid([&] { images_to_tensor(pixels, 1, inf); }, "finite scale and offset");

    expect_invalid([&] { tensor_to_images(x.to(at::kDouble), 1, 0); }, "got Double");
    expect_invalid([&] { tensor_to_images(pixels.permute({0, 3, 1, 2}), 1, 0); }, "got Byte");
    expect_invalid([&] { tensor_to_images(x.unsqueeze(0), 1, 0); }, "got 5 dimensions");
    expect_invalid([&] { tensor_to_images(at::zeros({1, 6, 2, 2}), 1, 0); },
                   "got a tensor with 6 channels");
    expect_invalid([&] { tensor_to_images(x, inf, 0); }, "finite scale and offset");
    expect_invalid([&] { tensor_to_images(x, 1, -nan); }, "finite scale and offset");
}

// CUDA parity: the kernels against the CPU reference, bit for bit (both directions compute in
// float with the same two roundings, so no ulp allowance is needed).
TEST(ImageTensorCuda, ImagesToTensorMatchesCpu) {
    LK_REQUIRE_CUDA();
    for_each_pixels(at::kCUDA, [](const at::Tensor& pixels) {
        for (const Mapping& m : to_tensor_mappings) {
            const at::Tensor on_gpu = images_to_tensor(pixels, m.scale, m.offset);
            EXPECT_EQ(on_gpu.device(), pixels.device());
            expect_same(on_gpu, images_to_tensor(pixels.cpu(), m.scale, m.offset));
        }
    });
}

TEST(ImageTensorCuda, TensorToImagesMatchesCpu) {
    LK_REQUIRE_CUDA();
    for_each_values(at::kCUDA, [](const at::Tensor& x) {
        for (const Mapping& m : to_image_mappings) {
            const at::Tensor on_gpu = tensor_to_images(x, m.scale, m.offset);
            EXPECT_EQ(on_gpu.device(), x.device());
            expect_same(on_gpu, tensor_to_images(x.cpu(), m.scale, m.offset));
        }
    });
}

TEST(ImageTensorCuda, TiesAndNonFiniteMatchCpu) {
    LK_REQUIRE_CUDA();
    const float inf = std::numeric_limits<float>::infinity();
    const float nan = std::numeric_limits<float>::quiet_NaN();
    const at::Tensor halves = at::arange(-4, 517, at::kFloat) / 2;
    const at::Tensor x =
        at::cat({halves, at::tensor({nan, inf, -inf, 1e30f})}).reshape({1, 1, 1, -1});
    expect_same(tensor_to_images(x.cuda(), 1.0f, 0.0f), tensor_to_images(x, 1.0f, 0.0f));
}

}  // namespace
}  // namespace lk
