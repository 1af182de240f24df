// Images for the spectral checks' tests: a photo-like texture, and images damaged the ways the
// spectrum check must tell apart: upsampled 2x from a half-size copy (as GAN generators'
// upsampling layers do) or merely blurred.
#pragma once

#include "core/image.h"

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <random>
#include <string>
#include <vector>

namespace lk::test {

// The 2x2-block means of a grey image: a half-size copy with no aliasing to speak of.
inline Image half_size(const Image& grey) {
    Image out(grey.width() / 2, grey.height() / 2, 1);
    for (uint32_t y = 0; y < out.height(); ++y)
        for (uint32_t x = 0; x < out.width(); ++x) {
            const uint8_t* p = grey.data() + size_t(2 * y) * grey.width() + 2 * x;
            out.data()[size_t(y) * out.width() + x] =
                uint8_t((p[0] + p[1] + p[grey.width()] + p[grey.width() + 1] + 2) / 4);
        }
    return out;
}

// 2x upsampling that repeats each pixel (nearest neighbour), or that puts each pixel (times 4,
// keeping the mean brightness) at even coordinates and zeros between, as a stride-2 transposed
// convolution does before its filter.
inline Image upsample_2x(const Image& grey, bool zero_insertion) {
    Image out(grey.width() * 2, grey.height() * 2, 1);
    for (uint32_t y = 0; y < out.height(); ++y)
        for (uint32_t x = 0; x < out.width(); ++x) {
            const uint8_t v = grey.data()[size_t(y / 2) * grey.width() + x / 2];
            const bool even = x % 2 == 0 && y % 2 == 0;
            out.data()[size_t(y) * out.width() + x] =
                zero_insertion ? (even ? uint8_t(std::min(255, 4 * v)) : 0) : v;
        }
    return out;
}

// A separable Gaussian blur of a grey image (edges clamped).
inline Image gaussian_blur(const Image& grey, double sigma) {
    const int radius = int(std::ceil(3 * sigma));
    std::vector<double> kernel(2 * radius + 1);
    double sum = 0;
    for (int i = -radius; i <= radius; ++i)
        sum += kernel[i + radius] = std::exp(-i * i / (2 * sigma * sigma));
    for (double& k : kernel) k /= sum;
    const int w = int(grey.width()), h = int(grey.height());
    std::vector<double> rows(size_t(w) * h);
    for (int y = 0; y < h; ++y)
        for (int x = 0; x < w; ++x) {
            double v = 0;
            for (int i = -radius; i <= radius; ++i)
                v += kernel[i + radius] * grey.data()[size_t(y) * w + std::clamp(x + i, 0, w - 1)];
            rows[size_t(y) * w + x] = v;
        }
    Image out(grey.width(), grey.height(), 1);
    for (int y = 0; y < h; ++y)
        for (int x = 0; x < w; ++x) {
            double v = 0;
            for (int i = -radius; i <= radius; ++i)
                v += kernel[i + radius] * rows[size_t(std::clamp(y + i, 0, h - 1)) * w + x];
            out.data()[size_t(y) * w + x] = uint8_t(std::lround(v));
        }
    return out;
}

// Blurred random texture plus a little white noise: a spectrum that falls and then levels off
// at a noise floor, as a camera photo's does (a smooth synthetic ramp will not do: the rounding
// error of a ramp is a sawtooth, whose harmonics reach up to the Nyquist frequency).
inline Image photo_like_texture(uint32_t side, unsigned seed) {
    std::mt19937 rng(seed);
    std::uniform_int_distribution<int> level(0, 255);
    Image noise(side, side, 1);
    for (size_t i = 0; i < size_t(side) * side; ++i) noise.data()[i] = uint8_t(level(rng));
    const Image blurred = gaussian_blur(noise, 2);
    double mean = 0, square = 0;
    for (size_t i = 0; i < size_t(side) * side; ++i) mean += blurred.data()[i];
    mean /= double(side) * side;
    for (size_t i = 0; i < size_t(side) * side; ++i)
        square += (blurred.data()[i] - mean) * (blurred.data()[i] - mean);
    const double gain = 40 / std::sqrt(square / (double(side) * side));
    std::normal_distribution<double> sensor(0, 2);
    Image out(side, side, 1);
    for (size_t i = 0; i < size_t(side) * side; ++i)
        out.data()[i] = uint8_t(std::clamp(
            std::lround(128 + gain * (blurred.data()[i] - mean) + sensor(rng)), 0L, 255L));
    return out;
}

// face-api's demo photos (sample1.jpg ... sample6.jpg), or none where the npm packages are
// not installed.
inline std::vector<std::string> demo_photos() {
    std::vector<std::string> out;
    for (int i = 1; i <= 6; ++i) {
        const std::string path =
            std::string(LIKENESS_DEMO_PHOTOS) + "/sample" + std::to_string(i) + ".jpg";
        if (std::filesystem::exists(path)) out.push_back(path);
    }
    return out;
}

}  // namespace lk::test
