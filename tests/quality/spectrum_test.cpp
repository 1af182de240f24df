#include "quality/spectrum.h"

#include "io/image_file.h"
#include "quality/spectral_images.h"
#include "support/error_of.h"
#include "support/images.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdio>

namespace lk::quality {
namespace {

constexpr double limit_db = 2;  // FlawOptions::max_spectral_tail_db

double tail_of(const Image& image) { return high_frequency_tail_db(radial_spectrum(image.view())); }

// Stripes with `cycles_per_pixel` along x, on a mid-grey background.
Image stripes(uint32_t side, double cycles_per_pixel) {
    Image image(side, side, 1);
    for (uint32_t y = 0; y < side; ++y)
        for (uint32_t x = 0; x < side; ++x)
            image.data()[y * side + x] =
                uint8_t(std::lround(128 + 100 * std::cos(2 * M_PI * cycles_per_pixel * x)));
    return image;
}

TEST(Spectrum, BinsSpanZeroToNyquistWithOneBinPerSixteenPixels) {
    EXPECT_EQ(radial_spectrum(test::gradient(256, 320, 3).view()).power_db.size(), 16u);
    EXPECT_EQ(radial_spectrum(test::gradient(64, 64, 1).view()).power_db.size(), 8u);
    EXPECT_EQ(radial_spectrum(test::gradient(2048, 1100, 1).view()).power_db.size(), 64u);
}

TEST(Spectrum, StripesPutTheirPowerInTheBinOfTheirFrequency) {
    // 0.25 cycles per pixel is half the Nyquist frequency: bin 8 of 16.
    const RadialSpectrum s = radial_spectrum(stripes(256, 0.25).view());
    const auto peak = std::max_element(s.power_db.begin() + 1, s.power_db.end());
    EXPECT_EQ(peak - s.power_db.begin(), 8);
    EXPECT_GT(*peak, s.power_db[4] + 30);
}

// The radial average cannot depend on which axis is which; with an odd width, the half spectrum
// that is computed must count each column's mirror image.
TEST(Spectrum, TransposingAnImageLeavesItsSpectrumAlone) {
    const Image texture = test::photo_like_texture(128, 3);
    Image wide(97, 64, 1), tall(64, 97, 1);
    for (uint32_t y = 0; y < 64; ++y)
        for (uint32_t x = 0; x < 97; ++x)
            wide.data()[y * 97 + x] = tall.data()[x * 64 + y] = texture.data()[y * 128 + x];
    const RadialSpectrum a = radial_spectrum(wide.view()), b = radial_spectrum(tall.view());
    ASSERT_EQ(a.power_db.size(), b.power_db.size());
    for (size_t i = 0; i < a.power_db.size(); ++i)
        EXPECT_NEAR(a.power_db[i], b.power_db[i], 1e-9) << i;
}

TEST(Spectrum, LargeImagesAreJudgedOnTheirCentred2048Pixels) {
    const Image big = test::gradient(2101, 2060, 3);
    Image centre(2048, 2048, 3);
    for (uint32_t y = 0; y < 2048; ++y)
        std::copy_n(big.data() + (size_t(y + 6) * 2101 + 26) * 3, 2048 * 3,
                    centre.data() + size_t(y) * 2048 * 3);
    EXPECT_EQ(radial_spectrum(big.view()).power_db, radial_spectrum(centre.view()).power_db);
}

TEST(Spectrum, AConstantImageHasNoTail) {
    EXPECT_EQ(tail_of(test::constant(128, 96, 3, 77)), 0);
}

TEST(Spectrum, UpsamplingAPhotoLikeTextureShowsATail) {
    const Image texture = test::photo_like_texture(256, 1);
    const Image half = test::half_size(texture);
    const double clean = tail_of(texture);
    const double nearest = tail_of(test::upsample_2x(half, false));
    const double zeros = tail_of(test::upsample_2x(half, true));
    EXPECT_LT(clean, limit_db);
    EXPECT_GT(nearest, limit_db);
    EXPECT_GT(zeros, 10 * limit_db);
}

TEST(Spectrum, TooSmallImagesAreRefused) {
    const std::string message = test::error_of(LK_ERR_INVALID_ARGUMENT, [] {
        radial_spectrum(test::gradient(31, 200, 1).view());
    });
    EXPECT_THAT(message, ::testing::HasSubstr("31x200"));
    EXPECT_THAT(message, ::testing::HasSubstr("at least 32x32"));
}

// Durall et al.'s observation on real photos: upsampling leaves a tail, blur does not.
TEST(Spectrum, DemoPhotosAreSeparatedFromTheirUpsampledCopiesButNotFromBlurredOnes) {
    const std::vector<std::string> photos = test::demo_photos();
    if (photos.empty())
        GTEST_SKIP() << "face-api's demo photos are missing (" << LIKENESS_DEMO_PHOTOS
                     << "): scripts/setup.sh installs the npm packages";
    for (const std::string& path : photos) {
        SCOPED_TRACE(path);
        const Image grey = io::load_image(path, 1);
        const Image half = test::half_size(grey);
        const double original = tail_of(grey), blurred = tail_of(test::gaussian_blur(grey, 1.5));
        const double nearest = tail_of(test::upsample_2x(half, false));
        const double zeros = tail_of(test::upsample_2x(half, true));
        std::printf("%s: tail %.2f dB, blurred %.2f, nearest-neighbour 2x %.2f, "
                    "zero insertion 2x %.2f\n",
                    path.substr(path.rfind('/') + 1).c_str(), original, blurred, nearest, zeros);
        EXPECT_LT(original, limit_db);
        EXPECT_LT(blurred, limit_db);
        EXPECT_GT(nearest, limit_db);
        EXPECT_GT(zeros, limit_db);
    }
}

}  // namespace
}  // namespace lk::quality
