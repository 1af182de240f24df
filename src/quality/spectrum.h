// The azimuthally averaged power spectrum of an image's luma, and the statistic that reads
// upsampling artifacts from it (after Durall et al., "Watch your Up-Convolution", CVPR 2020:
// transposed convolutions and nearest-neighbour upsampling copy the low band into the top octave,
// so the spectrum rises again towards the Nyquist frequency where a camera photo's keeps falling
// or levels off at its noise floor).
#pragma once

#include <likeness/image.h>

#include <vector>

namespace lk::quality {

struct RadialSpectrum {
    // Bin i: the mean power, in dB, of the frequencies whose radius lies in [i, i+1) / bins of
    // the Nyquist frequency (the corners beyond Nyquist are left out: only the diagonals reach
    // them). Between 8 and 64 bins, one per 16 pixels of the shorter side, so that each bin
    // averages enough frequencies to be steady.
    std::vector<double> power_db;
};

// Luma (the image's only channel when grey), mean removed and a Hann window applied so that the
// image's borders do not spread a cross of power over every frequency; of larger images, the
// centred 2048x2048 pixels. LK_ERR_INVALID_ARGUMENT for a bad view or a side under 32 pixels.
RadialSpectrum radial_spectrum(const lk_image_view& image);

// How far, in dB, the top octave (radii from Nyquist / 2 to Nyquist) rises above the lowest value
// the spectrum reached before it. 0 for a spectrum that never rises again. On face-api's six
// demo photos: 0 to 0.27 dB as taken, 0.13 to 0.50 blurred (Gaussian, sigma 1.5 px); 3.9 to 9.4
// dB after nearest-neighbour and 35 to 43 dB after zero-insertion 2x upsampling of a half-size
// copy (docs/face_checks.md).
double high_frequency_tail_db(const RadialSpectrum& spectrum);

}  // namespace lk::quality
