#include "core/error.h"
#include "core/image.h"
#include "support/error_of.h"
#include "support/images.h"

#include <gtest/gtest.h>

#include <cmath>

namespace lk {
namespace {


lk_resize_params resize_params(lk_resize_filter filter, bool linear_light) {
    lk_resize_params params{sizeof(lk_resize_params), filter, linear_light ? 1 : 0};
    return params;
}

TEST(ImageSize, RejectsZeroHugeAndBadChannelCounts) {
    test::error_of(LK_ERR_INVALID_ARGUMENT, [] { check_image_size(0, 10, 3); });
    test::error_of(LK_ERR_INVALID_ARGUMENT, [] { check_image_size(1000000, 1, 3); });
    test::error_of(LK_ERR_INVALID_ARGUMENT, [] { check_image_size(32768, 32768, 1); });
    test::error_of(LK_ERR_INVALID_ARGUMENT, [] { check_image_size(8, 8, 0); });
    test::error_of(LK_ERR_INVALID_ARGUMENT, [] { check_image_size(8, 8, 5); });
    [] { check_image_size(10000, 10000, 4); }();
}

TEST(ImageView, RejectsNullDataAndShortStride) {
    const uint8_t pixels[12] = {};
    lk_image_view view{2, 2, 3, 6, nullptr};
    test::error_of(LK_ERR_INVALID_ARGUMENT, [&] { check_view(&view); });
    view.data = pixels;
    view.stride = 5;
    test::error_of(LK_ERR_INVALID_ARGUMENT, [&] { check_view(&view); });
    test::error_of(LK_ERR_INVALID_ARGUMENT, [&] { check_view(nullptr); });
}

TEST(Image, CopiesAViewWithPaddedRows) {
    // 2x2 RGB with 2 bytes of padding per row.
    const uint8_t padded[] = {1, 2, 3, 4, 5, 6, 99, 99, 7, 8, 9, 10, 11, 12, 99, 99};
    const Image image(lk_image_view{2, 2, 3, 8, padded});
    const uint8_t packed[] = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12};
    EXPECT_EQ(image.view().stride, 6u);
    EXPECT_EQ(std::memcmp(image.data(), packed, sizeof packed), 0);
}

TEST(ConvertChannels, GrayBecomesEqualRgbWithOpaqueAlpha) {
    const uint8_t gray[] = {0, 128, 255};
    const Image rgba = convert_channels(lk_image_view{3, 1, 1, 3, gray}, 4);
    const uint8_t expected[] = {0, 0, 0, 255, 128, 128, 128, 255, 255, 255, 255, 255};
    EXPECT_EQ(std::memcmp(rgba.data(), expected, sizeof expected), 0);
}

TEST(ConvertChannels, RgbToGrayUsesRec709Luma) {
    const uint8_t rgb[] = {255, 0, 0, 0, 255, 0, 0, 0, 255, 255, 255, 255, 10, 200, 30};
    const Image gray = convert_channels(lk_image_view{5, 1, 3, 15, rgb}, 1);
    for (int i = 0; i < 5; ++i) {
        const double y = 0.2126 * rgb[3 * i] + 0.7152 * rgb[3 * i + 1] + 0.0722 * rgb[3 * i + 2];
        EXPECT_LE(std::abs(gray.data()[i] - y), 0.75) << "pixel " << i;
    }
    EXPECT_EQ(gray.data()[3], 255);  // white stays white
}

TEST(ConvertChannels, KeepsAlphaAcrossColourChanges) {
    const uint8_t gray_alpha[] = {50, 7, 200, 250};
    const Image rgba = convert_channels(lk_image_view{2, 1, 2, 4, gray_alpha}, 4);
    const uint8_t expected[] = {50, 50, 50, 7, 200, 200, 200, 250};
    EXPECT_EQ(std::memcmp(rgba.data(), expected, sizeof expected), 0);
    const Image back = convert_channels(rgba.view(), 2);
    EXPECT_EQ(std::memcmp(back.data(), gray_alpha, sizeof gray_alpha), 0);
    const Image rgb = convert_channels(rgba.view(), 3);
    EXPECT_EQ(rgb.data()[3], 200);  // alpha dropped, colour kept
}

TEST(Resize, ConstantImageStaysConstantWithEveryFilter) {
    const Image flat = test::constant(37, 23, 3, 173);
    for (int filter = LK_RESIZE_DEFAULT; filter <= LK_RESIZE_MITCHELL; ++filter)
        for (bool linear : {false, true}) {
            const Image out = resize(flat.view(), 64, 11,
                                     resize_params(lk_resize_filter(filter), linear));
            ASSERT_EQ(out.width(), 64u);
            ASSERT_EQ(out.height(), 11u);
            for (size_t i = 0; i < size_t(64) * 11 * 3; ++i)
                ASSERT_NEAR(out.data()[i], 173, 1) << "filter " << filter << " linear " << linear;
        }
}

TEST(Resize, BoxHalvingAveragesPixelPairs) {
    const uint8_t row[] = {0, 100, 200, 40};
    const Image out = resize(lk_image_view{4, 1, 1, 4, row}, 2, 1,
                             resize_params(LK_RESIZE_BOX, false));
    EXPECT_NEAR(out.data()[0], 50, 1);
    EXPECT_NEAR(out.data()[1], 120, 1);
}

TEST(Resize, LinearLightKeepsTheBrightnessOfFineDetail) {
    // Black/white stripes halved: in linear light the mean is half the light (sRGB ~188),
    // filtering stored values gives 128. The difference is why linear_light is the default.
    Image stripes(64, 8, 1);
    for (uint32_t y = 0; y < 8; ++y)
        for (uint32_t x = 0; x < 64; ++x) stripes.data()[y * 64 + x] = (x % 2) ? 255 : 0;
    const Image linear = resize(stripes.view(), 32, 8, resize_params(LK_RESIZE_BOX, true));
    const Image stored = resize(stripes.view(), 32, 8, resize_params(LK_RESIZE_BOX, false));
    EXPECT_NEAR(linear.data()[8 * 32 / 2 + 16], 188, 2);
    EXPECT_NEAR(stored.data()[8 * 32 / 2 + 16], 128, 1);
}

TEST(Resize, TransparentPixelsDoNotBleedColour) {
    // Opaque red beside fully transparent green: shrinking must not tint the result green.
    const uint8_t rgba[] = {255, 0, 0, 255, 0, 255, 0, 0};
    const Image out = resize(lk_image_view{2, 1, 4, 8, rgba}, 1, 1,
                             resize_params(LK_RESIZE_BOX, false));
    EXPECT_GE(out.data()[0], 250);
    EXPECT_LE(out.data()[1], 5);
    EXPECT_NEAR(out.data()[3], 128, 2);
}

TEST(Resize, RejectsUnknownFilterAndZeroSize) {
    const Image image = test::gradient(8, 8, 3);
    test::error_of(LK_ERR_INVALID_ARGUMENT, [&] { resize(image.view(), 4, 4, resize_params(lk_resize_filter(42), true)); });
    test::error_of(LK_ERR_INVALID_ARGUMENT, [&] { resize(image.view(), 0, 4, resize_params(LK_RESIZE_DEFAULT, true)); });
}

}  // namespace
}  // namespace lk
