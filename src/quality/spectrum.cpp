#include "quality/spectrum.h"

#include "core/error.h"
#include "core/image.h"

#include <ATen/core/Tensor.h>
#include <ATen/ops/fft_rfft2.h>
#include <ATen/ops/from_blob.h>
#include <c10/util/complex.h>

#include <algorithm>
#include <cmath>

namespace lk::quality {
namespace {

constexpr uint32_t min_side = 32, max_side = 2048;
constexpr double pi = 3.14159265358979323846;

std::vector<double> hann(uint32_t n) {
    std::vector<double> w(n);
    for (uint32_t i = 0; i < n; ++i) w[i] = 0.5 - 0.5 * std::cos(2 * pi * i / (n - 1));
    return w;
}

// The signed frequency of FFT index k of n, in cycles per pixel.
double frequency(int64_t k, int64_t n) { return double(k < (n + 1) / 2 ? k : k - n) / double(n); }

}  // namespace

RadialSpectrum radial_spectrum(const lk_image_view& image) {
    check_view(&image);
    if (image.width < min_side || image.height < min_side)
        fail(LK_ERR_INVALID_ARGUMENT,
             "spectrum of a {}x{} image: expected at least {}x{} pixels", image.width,
             image.height, min_side, min_side);
    // Upsampling leaves the same pattern all over an image: a centred crop of at most 2048 px a
    // side shows it as well and bounds the FFT's memory (16 bytes a pixel and more).
    const uint32_t cw = std::min(image.width, max_side), ch = std::min(image.height, max_side);
    lk_image_view crop = image;
    crop.data += size_t((image.height - ch) / 2) * image.stride +
                 size_t((image.width - cw) / 2) * image.channels;
    crop.width = cw;
    crop.height = ch;
    const Image grey = convert_channels(crop, 1);
    const int64_t h = ch, w = cw;

    std::vector<double> pixels(size_t(h) * w);
    double mean = 0;
    for (size_t i = 0; i < pixels.size(); ++i) mean += grey.data()[i];
    mean /= double(pixels.size());
    const std::vector<double> wy = hann(ch), wx = hann(cw);
    for (int64_t y = 0; y < h; ++y)
        for (int64_t x = 0; x < w; ++x)
            pixels[y * w + x] = (grey.data()[y * w + x] - mean) * wy[y] * wx[x];

    // A real image's spectrum is symmetric, P(-f) = P(f): the half that rfft2 returns holds it
    // all, each column standing for itself and its mirror except those on the axis of symmetry.
    const at::Tensor spectrum =
        at::fft_rfft2(at::from_blob(pixels.data(), {h, w}, at::kDouble)).contiguous();
    const auto* values = spectrum.const_data_ptr<c10::complex<double>>();
    const int64_t columns = w / 2 + 1;

    const int bins = std::clamp(int(std::min(h, w) / 16), 8, 64);
    std::vector<double> sum(bins, 0.0), count(bins, 0.0);
    for (int64_t y = 0; y < h; ++y) {
        const double fy = frequency(y, h);
        for (int64_t x = 0; x < columns; ++x) {
            const double fx = double(x) / double(w);
            const int bin = int(std::sqrt(fx * fx + fy * fy) / 0.5 * bins);
            if (bin >= bins) continue;
            const double weight = x == 0 || 2 * x == w ? 1 : 2;
            sum[bin] += weight * std::norm(values[y * columns + x]);
            count[bin] += weight;
        }
    }
    RadialSpectrum out;
    out.power_db.resize(bins);
    // The floor keeps a flat image's empty bins finite: far below any image's quantization noise.
    for (int i = 0; i < bins; ++i)
        out.power_db[i] = 10 * std::log10(sum[i] / std::max(count[i], 1.0) + 1e-12);
    return out;
}

double high_frequency_tail_db(const RadialSpectrum& spectrum) {
    const std::vector<double>& p = spectrum.power_db;
    double lowest = p.empty() ? 0 : p[0], rise = 0;
    for (size_t i = 0; i < p.size(); ++i) {
        lowest = std::min(lowest, p[i]);
        if (2 * i >= p.size()) rise = std::max(rise, p[i] - lowest);
    }
    return rise;
}

}  // namespace lk::quality
