#include "provenance/watermark.h"

#include "core/error.h"
#include "io/image_file.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cmath>
#include <random>

namespace lk::provenance {
namespace {

using ::testing::HasSubstr;

constexpr uint64_t kKey = 0x5EED5EED1234ull;
constexpr uint32_t kPayload = 0xC0FFEE42u;

// Photograph-like content: smooth shading, edges at several scales and sensor noise.
Image scene(uint32_t width, uint32_t height, uint32_t channels, uint32_t seed) {
    std::mt19937 rng(seed);
    std::uniform_real_distribution<float> uniform(0.0f, 1.0f);
    std::normal_distribution<float> noise(0.0f, 3.0f);
    float fx[3], fy[3], phase[3];
    for (int i = 0; i < 3; ++i) fx[i] = 0.002f + 0.05f * uniform(rng), fy[i] = 0.002f + 0.05f * uniform(rng),
                                phase[i] = 6.28f * uniform(rng);
    Image image(width, height, channels);
    for (uint32_t y = 0; y < height; ++y) {
        for (uint32_t x = 0; x < width; ++x) {
            const float base = 110.0f + 60.0f * std::sin(fx[0] * x + fy[0] * y + phase[0]) +
                               30.0f * std::sin(fx[1] * x * 3 + phase[1]) * std::cos(fy[1] * y * 2) +
                               (std::sin(fx[2] * x + fy[2] * y * 5 + phase[2]) > 0.6f ? 25.0f : 0.0f);
            for (uint32_t c = 0; c < channels; ++c) {
                const float tint = c == 3 ? 255.0f - float(x % 256) : base + 12.0f * float(c) + noise(rng);
                image.data()[(size_t(y) * width + x) * channels + c] = uint8_t(std::clamp(tint, 0.0f, 255.0f));
            }
        }
    }
    return image;
}

Image crop(const Image& image, uint32_t left, uint32_t top) {
    lk_image_view view = image.view();
    view.data += top * view.stride + left * view.channels;
    view.width -= left;
    view.height -= top;
    return Image(view);
}

Image scale_brightness(const Image& image, float factor) {
    Image out(image.view());
    const size_t size = size_t(image.width()) * image.height() * image.channels();
    for (size_t i = 0; i < size; ++i)
        out.data()[i] = uint8_t(std::clamp(std::round(image.data()[i] * factor), 0.0f, 255.0f));
    return out;
}

Image jpeg(const Image& image, int quality) {
    const std::vector<uint8_t> bytes = io::encode_image(image.view(), LK_IMAGE_FORMAT_JPEG, quality);
    return io::decode_image(bytes.data(), bytes.size(), image.channels(), "memory");
}

Image half_and_back(const Image& image) {
    const lk_resize_params params{sizeof(lk_resize_params), LK_RESIZE_DEFAULT, 1};
    const Image half = resize(image.view(), image.width() / 2, image.height() / 2, params);
    return resize(half.view(), image.width(), image.height(), params);
}

void expect_payload(const Image& image, const char* what) {
    const Detection found = detect_watermark(image.view(), kKey);
    EXPECT_TRUE(found.found) << what << ": p = " << found.p_value << ", " << found.matched_bits
                             << " of " << found.voted_bits << " bits";
    EXPECT_EQ(found.payload, kPayload) << what;
    EXPECT_LE(found.p_value, kWatermarkThreshold) << what;
}

TEST(Watermark, IsFoundWithItsPayloadWhereItWasPut) {
    const Embedding marked = embed_watermark(scene(256, 256, 3, 1).view(), kPayload, kKey);
    const Detection found = detect_watermark(marked.image.view(), kKey);
    ASSERT_TRUE(found.found);
    EXPECT_EQ(found.payload, kPayload);
    EXPECT_EQ(found.grid_x, 0u);
    EXPECT_EQ(found.grid_y, 0u);
    EXPECT_EQ(found.strength, marked.strength);
    EXPECT_LT(found.p_value, 1e-20);
}

TEST(Watermark, KeepsPsnrAboveFortyDecibels) {
    const Image input = scene(320, 256, 3, 2);
    const Embedding marked = embed_watermark(input.view(), kPayload, kKey);
    double squared = 0;
    const size_t size = size_t(input.width()) * input.height() * 3;
    for (size_t i = 0; i < size; ++i) {
        const double e = double(marked.image.data()[i]) - input.data()[i];
        squared += e * e;
    }
    const double psnr = 10 * std::log10(255.0 * 255.0 * size / squared);
    EXPECT_GE(psnr, 40.0);
    EXPECT_NEAR(marked.psnr, psnr, 1e-6);
}

TEST(Watermark, BrightImagesGetAWeakerMarkToKeepThePsnr) {
    const Image bright = scale_brightness(scene(256, 256, 3, 3), 1.6f);
    const Embedding marked = embed_watermark(bright.view(), kPayload, kKey);
    EXPECT_GT(marked.strength, 0);
    EXPECT_GE(marked.psnr, 40.0);
    expect_payload(marked.image, "bright");
}

TEST(Watermark, SurvivesJpegAtQualityFifty) {
    const Embedding marked = embed_watermark(scene(256, 256, 3, 4).view(), kPayload, kKey);
    expect_payload(jpeg(marked.image, 50), "JPEG 50");
}

TEST(Watermark, SurvivesACropOffTheBlockGrid) {
    const Embedding marked = embed_watermark(scene(320, 288, 3, 5).view(), kPayload, kKey);
    const Image cropped = crop(marked.image, 29, 19);
    expect_payload(cropped, "crop");
    const Detection found = detect_watermark(cropped.view(), kKey);
    EXPECT_EQ(found.grid_x, 192u - 29u);
    EXPECT_EQ(found.grid_y, 192u - 19u);
}

TEST(Watermark, SurvivesBrightnessChanges) {
    const Embedding marked = embed_watermark(scene(256, 256, 3, 6).view(), kPayload, kKey);
    expect_payload(scale_brightness(marked.image, 1.2f), "x1.2");
    expect_payload(scale_brightness(marked.image, 0.8f), "x0.8");
}

TEST(Watermark, SurvivesHalvingAndRestoringTheSize) {
    const Embedding marked = embed_watermark(scene(256, 256, 3, 7).view(), kPayload, kKey);
    expect_payload(half_and_back(marked.image), "half and back");
}

TEST(Watermark, AnotherKeyFindsNothing) {
    const Embedding marked = embed_watermark(scene(256, 256, 3, 8).view(), kPayload, kKey);
    const Detection other = detect_watermark(marked.image.view(), kKey + 1);
    EXPECT_FALSE(other.found);
    EXPECT_GT(other.p_value, 1e-3);
}

TEST(Watermark, UnmarkedImagesAreNotDetected) {
    for (uint32_t seed = 20; seed < 30; ++seed) {
        const Image plain = scene(256 + seed, 240, 3, seed);
        const Detection result = detect_watermark(plain.view(), kKey);
        EXPECT_FALSE(result.found) << "seed " << seed << ": p = " << result.p_value;
        EXPECT_GT(result.p_value, 1e-3) << "seed " << seed;
    }
}

TEST(Watermark, GrayImagesCarryItAndAlphaIsLeftAlone) {
    const Embedding gray = embed_watermark(scene(256, 256, 1, 9).view(), kPayload, kKey);
    expect_payload(gray.image, "gray");
    const Image rgba = scene(256, 256, 4, 10);
    const Embedding marked = embed_watermark(rgba.view(), kPayload, kKey);
    for (size_t i = 3; i < size_t(256) * 256 * 4; i += 4) ASSERT_EQ(marked.image.data()[i], rgba.data()[i]);
    expect_payload(marked.image, "rgba");
}

TEST(Watermark, TooSmallAnImageIsRefusedWithItsSize) {
    const Image small = scene(191, 400, 3, 11);
    try {
        embed_watermark(small.view(), kPayload, kKey);
        FAIL() << "expected an error";
    } catch (const Error& error) {
        EXPECT_EQ(error.status(), LK_ERR_INVALID_ARGUMENT);
        EXPECT_THAT(error.what(), HasSubstr("191x400"));
        EXPECT_THAT(error.what(), HasSubstr("192x192"));
    }
    EXPECT_FALSE(detect_watermark(scene(8, 8, 3, 12).view(), kKey).found);
    EXPECT_FALSE(detect_watermark(small.view(), kKey).found);
}

}  // namespace
}  // namespace lk::provenance
