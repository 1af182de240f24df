#include "io/image_file.h"
#include "support/error_of.h"
#include "support/images.h"
#include "support/temp_directory.h"

#include <gtest/gtest.h>

#include <cmath>

namespace lk {
namespace {


double psnr(const lk_image_view& a, const lk_image_view& b) {
    double sum = 0;
    size_t n = 0;
    for (uint32_t y = 0; y < a.height; ++y)
        for (size_t i = 0; i < size_t(a.width) * a.channels; ++i, ++n) {
            const double d = double(a.data[y * a.stride + i]) - b.data[y * b.stride + i];
            sum += d * d;
        }
    return sum == 0 ? INFINITY : 10 * std::log10(255.0 * 255.0 / (sum / double(n)));
}

TEST(ImageCodec, PngRoundTripIsExactForEveryChannelCount) {
    for (uint32_t channels = 1; channels <= 4; ++channels) {
        const Image source = test::gradient(31, 17, channels);
        const std::vector<uint8_t> png = io::encode_image(source.view(), LK_IMAGE_FORMAT_PNG, 90);
        const Image decoded = io::decode_image(png.data(), png.size(), 0, "memory");
        EXPECT_TRUE(test::same_pixels(source.view(), decoded.view())) << channels << " channels";
    }
}

TEST(ImageCodec, JpegRoundTripIsCloseAndQualityMatters) {
    const Image source = test::gradient(64, 48, 3);
    const auto high = io::encode_image(source.view(), LK_IMAGE_FORMAT_JPEG, 95);
    const auto low = io::encode_image(source.view(), LK_IMAGE_FORMAT_JPEG, 10);
    EXPECT_LT(low.size(), high.size());
    const Image decoded = io::decode_image(high.data(), high.size(), 3, "memory");
    EXPECT_GT(psnr(source.view(), decoded.view()), 38.0);
}

TEST(ImageCodec, DecodeConvertsToRequestedChannels) {
    const Image source = test::gradient(9, 5, 3);
    const auto png = io::encode_image(source.view(), LK_IMAGE_FORMAT_PNG, 90);
    EXPECT_EQ(io::decode_image(png.data(), png.size(), 4, "memory").channels(), 4u);
    EXPECT_EQ(io::decode_image(png.data(), png.size(), 1, "memory").channels(), 1u);
    test::error_of(LK_ERR_INVALID_ARGUMENT, [&] { io::decode_image(png.data(), png.size(), 5, "memory"); });
}

TEST(ImageCodec, EncodesRowsWithPaddingLikePackedRows) {
    const Image packed = test::gradient(10, 6, 3);
    std::vector<uint8_t> padded(size_t(40) * 6, 0xEE);
    for (uint32_t y = 0; y < 6; ++y) std::memcpy(&padded[y * 40], packed.data() + y * 30, 30);
    const lk_image_view view{10, 6, 3, 40, padded.data()};
    for (lk_image_format format : {LK_IMAGE_FORMAT_PNG, LK_IMAGE_FORMAT_JPEG})
        EXPECT_EQ(io::encode_image(view, format, 90), io::encode_image(packed.view(), format, 90));
}

TEST(ImageCodec, GarbageEmptyAndTruncatedDataAreFormatErrors) {
    const uint8_t garbage[] = "definitely not an image";
    test::error_of(LK_ERR_FORMAT, [&] { io::decode_image(garbage, sizeof garbage, 0, "x.png"); });
    test::error_of(LK_ERR_FORMAT, [&] { io::decode_image(garbage, 0, 0, "x.png"); });
    const Image source = test::gradient(40, 40, 3);
    for (lk_image_format format : {LK_IMAGE_FORMAT_PNG, LK_IMAGE_FORMAT_JPEG}) {
        const auto bytes = io::encode_image(source.view(), format, 90);
        const std::string message =
            test::error_of(LK_ERR_FORMAT, [&] {
                io::decode_image(bytes.data(), bytes.size() / 2, 0, "'cut.img'");
            });
        EXPECT_NE(message.find("'cut.img'"), std::string::npos) << message;
    }
}

TEST(ImageCodec, OversizedDimensionsAreRefusedBeforeDecoding) {
    // A 24-bit BMP header that claims 40000 x 40000 pixels, followed by no pixel data.
    uint8_t bmp[54] = {'B', 'M'};
    auto put32 = [&](int at, uint32_t v) {
        for (int i = 0; i < 4; ++i) bmp[at + i] = uint8_t(v >> (8 * i));
    };
    put32(2, sizeof bmp);
    put32(10, 54);
    put32(14, 40);
    put32(18, 40000);
    put32(22, 40000);
    bmp[26] = 1;
    bmp[28] = 24;
    const std::string message =
        test::error_of(LK_ERR_INVALID_ARGUMENT, [&] { io::decode_image(bmp, sizeof bmp, 0, "big"); });
    EXPECT_NE(message.find("40000"), std::string::npos) << message;
}

TEST(ImageCodec, FormatFromPathReadsTheExtension) {
    EXPECT_EQ(io::format_from_path("a/b.PNG"), LK_IMAGE_FORMAT_PNG);
    EXPECT_EQ(io::format_from_path("x.jpeg"), LK_IMAGE_FORMAT_JPEG);
    EXPECT_EQ(io::format_from_path("x.JPG"), LK_IMAGE_FORMAT_JPEG);
    test::error_of(LK_ERR_INVALID_ARGUMENT, [] { io::format_from_path("x.gif"); });
    test::error_of(LK_ERR_INVALID_ARGUMENT, [] { io::format_from_path("dir.png/file"); });
}

TEST(ImageCodec, JpegQualityOutOfRangeIsRefused) {
    const Image source = test::gradient(8, 8, 3);
    test::error_of(LK_ERR_INVALID_ARGUMENT, [&] { io::encode_image(source.view(), LK_IMAGE_FORMAT_JPEG, 0); });
    test::error_of(LK_ERR_INVALID_ARGUMENT, [&] { io::encode_image(source.view(), LK_IMAGE_FORMAT_JPEG, 101); });
}

TEST(ImageFile, SaveThenLoadByPath) {
    const test::TempDirectory dir;
    const Image source = test::gradient(20, 10, 4);
    io::save_image(source.view(), dir.file("a.png"), LK_IMAGE_FORMAT_AUTO, 90);
    EXPECT_TRUE(test::same_pixels(source.view(), io::load_image(dir.file("a.png"), 0).view()));
    test::error_of(LK_ERR_IO, [&] { io::load_image(dir.file("missing.png"), 0); });
}

}  // namespace
}  // namespace lk
