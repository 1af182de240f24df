#include "provenance/watermark.h"

#include "core/error.h"
#include "provenance/payload_code.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <vector>

namespace lk::provenance {
namespace {

constexpr int kBlock = 4;                  // pixels per block side
constexpr int kCellBlocks = 4;             // blocks per cell side
constexpr int kCell = kBlock * kCellBlocks;  // pixels per cell side
constexpr int kTileCells = 12;             // cells per tile side
constexpr int kTileBits = kTileCells * kTileCells;
constexpr int kLevels = 4;
// Lattice step per unit of mean luma at level 0, and the factor from one level to the next.
// 0.07 keeps PSNR near 43 dB on typical photographs and decodes after JPEG at quality 30.
constexpr float kStep0 = 0.07f;
constexpr float kLevelRatio = 0.8f;
// Dark cells would get steps too fine to survive anything; below this mean luma the step stops
// shrinking (and those cells lose their immunity to brightness changes, which is what dark
// cells have least of anyway).
constexpr float kDarkFloor = 32.0f;
constexpr double kTargetPsnr = 40.5;
// Phase and level candidates decoded by the detector, best lattice fits first.
constexpr int kCandidates = 2;

float step_of_level(int level) { return kStep0 * std::pow(kLevelRatio, float(level)); }

// What the key decides: the cell pattern, which code bit each cell of a tile carries, and a
// whitening bit per cell so that equal code bits do not make equal marks.
struct Layout {
    std::array<std::array<float, kCellBlocks>, kCellBlocks> pattern;
    std::array<uint16_t, kTileBits> code_bit;
    std::array<uint8_t, kTileBits> flip;
};

uint64_t splitmix64(uint64_t& state) {
    uint64_t z = (state += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
}

template <typename T, size_t N>
void shuffle(std::array<T, N>& values, uint64_t& state) {
    for (size_t i = N - 1; i > 0; --i) std::swap(values[i], values[splitmix64(state) % (i + 1)]);
}

Layout make_layout(uint64_t key) {
    uint64_t state = key;
    Layout layout;
    std::array<float, kCellBlocks * kCellBlocks> signs;
    for (size_t i = 0; i < signs.size(); ++i) signs[i] = i < signs.size() / 2 ? 1.0f : -1.0f;
    shuffle(signs, state);
    for (int u = 0; u < kCellBlocks; ++u)
        for (int v = 0; v < kCellBlocks; ++v) layout.pattern[u][v] = signs[u * kCellBlocks + v];
    // A permutation of the tile's cells, taken modulo the code length: every code bit is carried
    // once per tile and the few spare cells repeat some.
    std::array<uint16_t, kTileBits> order;
    for (int i = 0; i < kTileBits; ++i) order[i] = uint16_t(i);
    shuffle(order, state);
    for (int i = 0; i < kTileBits; ++i) layout.code_bit[i] = uint16_t(order[i] % kCodeBits);
    for (int i = 0; i < kTileBits; ++i) layout.flip[i] = uint8_t(splitmix64(state) & 1);
    return layout;
}

// Luma as floats (Rec. 601 weights, as JPEG's YCbCr uses); gray images are their own luma.
std::vector<float> luma_of(const lk_image_view& view) {
    std::vector<float> luma(size_t(view.width) * view.height);
    for (uint32_t y = 0; y < view.height; ++y) {
        const uint8_t* row = view.data + y * view.stride;
        float* out = &luma[size_t(y) * view.width];
        if (view.channels < 3) {
            for (uint32_t x = 0; x < view.width; ++x) out[x] = row[x * view.channels];
        } else {
            for (uint32_t x = 0; x < view.width; ++x) {
                const uint8_t* p = row + x * view.channels;
                out[x] = 0.299f * p[0] + 0.587f * p[1] + 0.114f * p[2];
            }
        }
    }
    return luma;
}

// The fractional part, in [0, 1).
float fraction(float t) { return t - std::floor(t); }

// A cell's vote for its bit being 0 (lattice at t = 1/4 mod 1) rather than 1 (3/4 mod 1): a
// triangle wave in [-1, 1], cheaper than the sine it stands for.
float bit_vote(float t) {
    const float u = fraction(t);
    return u < 0.5f ? 1.0f - 4.0f * std::fabs(u - 0.25f) : 4.0f * std::fabs(u - 0.75f) - 1.0f;
}

// How well a cell fits either lattice (t = 1/4 mod 1/2): 1 on it, -1 halfway between.
float lattice_fit(float t) { return 1.0f - 4.0f * std::fabs(fraction(2.0f * t) - 0.5f); }

// log P(X >= k) for X ~ Binomial(n, 1/2).
double log_binomial_tail(int n, int k) {
    if (k <= 0) return 0.0;
    double largest = -INFINITY;
    std::vector<double> terms;
    for (int j = k; j <= n; ++j) {
        terms.push_back(std::lgamma(n + 1.0) - std::lgamma(j + 1.0) - std::lgamma(n - j + 1.0) -
                        n * std::log(2.0));
        largest = std::max(largest, terms.back());
    }
    double sum = 0;
    for (double t : terms) sum += std::exp(t - largest);
    return largest + std::log(sum);
}

// Marks `out` (a copy of the input) at one strength; returns the mean squared error over the
// colour channels.
double embed_at_level(const lk_image_view& in, Image& out, const std::vector<float>& luma,
                      const Layout& layout, const CodeWord& word, int level) {
    const uint32_t width = in.width, height = in.height, channels = in.channels;
    const uint32_t colour = channels < 3 ? 1 : 3;
    const float step = step_of_level(level);
    double squared_error = 0;
    for (uint32_t cy = 0; cy + kCell <= height; cy += kCell) {
        for (uint32_t cx = 0; cx + kCell <= width; cx += kCell) {
            float means[kCellBlocks][kCellBlocks];
            float projection = 0, mean = 0;
            for (int u = 0; u < kCellBlocks; ++u) {
                for (int v = 0; v < kCellBlocks; ++v) {
                    float sum = 0;
                    for (int y = 0; y < kBlock; ++y) {
                        const float* row = &luma[size_t(cy + u * kBlock + y) * width + cx + v * kBlock];
                        for (int x = 0; x < kBlock; ++x) sum += row[x];
                    }
                    means[u][v] = sum / (kBlock * kBlock);
                    projection += layout.pattern[u][v] * means[u][v];
                    mean += means[u][v];
                }
            }
            projection /= kCellBlocks * kCellBlocks;
            mean /= kCellBlocks * kCellBlocks;
            const float quantum = step * std::max(mean, kDarkFloor);
            const int cell = int((cy / kCell) % kTileCells) * kTileCells + int((cx / kCell) % kTileCells);
            const int bit = word[layout.code_bit[cell]] ^ layout.flip[cell];
            const float offset = bit ? 0.75f : 0.25f;
            const float t = projection / quantum;
            const float change = (std::round(t - offset) + offset - t) * quantum;
            for (int u = 0; u < kCellBlocks; ++u) {
                for (int v = 0; v < kCellBlocks; ++v) {
                    const float delta = change * layout.pattern[u][v];
                    for (int y = 0; y < kBlock; ++y) {
                        const size_t row = size_t(cy + u * kBlock + y);
                        const uint8_t* src = in.data + row * in.stride;
                        uint8_t* dst = out.data() + row * width * channels;
                        for (int x = 0; x < kBlock; ++x) {
                            const size_t at = size_t(cx + v * kBlock + x) * channels;
                            for (uint32_t c = 0; c < colour; ++c) {
                                const float value = std::clamp(std::round(src[at + c] + delta), 0.0f, 255.0f);
                                dst[at + c] = uint8_t(value);
                                const double error = value - src[at + c];
                                squared_error += error * error;
                            }
                        }
                    }
                }
            }
        }
    }
    return squared_error / (double(width) * height * colour);
}

}  // namespace

Embedding embed_watermark(const lk_image_view& view, uint32_t payload, uint64_t key) {
    check_view(&view);
    if (view.width < kWatermarkMinSide || view.height < kWatermarkMinSide)
        fail(LK_ERR_INVALID_ARGUMENT,
             "image is {}x{}, too small to carry a watermark; it needs at least {}x{} pixels",
             view.width, view.height, kWatermarkMinSide, kWatermarkMinSide);
    const std::vector<float> luma = luma_of(view);
    const Layout layout = make_layout(key);
    const CodeWord word = encode_payload(payload);
    Image out(view);
    double psnr = 0;
    int level = 0;
    for (; level < kLevels; ++level) {
        const double mse = embed_at_level(view, out, luma, layout, word, level);
        psnr = mse > 0 ? 10.0 * std::log10(255.0 * 255.0 / mse) : INFINITY;
        if (psnr >= kTargetPsnr || level == kLevels - 1) break;
    }
    return Embedding{std::move(out), level, psnr};
}

Detection detect_watermark(const lk_image_view& view, uint64_t key) {
    check_view(&view);
    Detection best;
    const int width = int(view.width), height = int(view.height);
    if (width < kCell || height < kCell) return best;
    const std::vector<float> luma = luma_of(view);

    // Block sums at every pixel position from an integral image, then every position's cell
    // projection relative to its mean: the quantity the lattice is laid on, for every phase.
    std::vector<double> integral(size_t(width + 1) * (height + 1), 0.0);
    for (int y = 0; y < height; ++y) {
        double row_sum = 0;
        for (int x = 0; x < width; ++x) {
            row_sum += luma[size_t(y) * width + x];
            integral[size_t(y + 1) * (width + 1) + x + 1] = integral[size_t(y) * (width + 1) + x + 1] + row_sum;
        }
    }
    const int block_w = width - kBlock + 1, block_h = height - kBlock + 1;
    std::vector<float> block_sum(size_t(block_w) * block_h);
    for (int y = 0; y < block_h; ++y) {
        const double* top = &integral[size_t(y) * (width + 1)];
        const double* bottom = &integral[size_t(y + kBlock) * (width + 1)];
        for (int x = 0; x < block_w; ++x)
            block_sum[size_t(y) * block_w + x] =
                float(bottom[x + kBlock] - bottom[x] - top[x + kBlock] + top[x]);
    }
    const Layout layout = make_layout(key);
    const int cells_w = width - kCell + 1, cells_h = height - kCell + 1;
    std::vector<float> relative(size_t(cells_w) * cells_h);  // projection / max(mean, floor)
    for (int y = 0; y < cells_h; ++y) {
        for (int x = 0; x < cells_w; ++x) {
            float projection = 0, sum = 0;
            for (int u = 0; u < kCellBlocks; ++u) {
                const float* row = &block_sum[size_t(y + u * kBlock) * block_w + x];
                for (int v = 0; v < kCellBlocks; ++v) {
                    projection += layout.pattern[u][v] * row[v * kBlock];
                    sum += row[v * kBlock];
                }
            }
            const float mean = sum / (kCell * kCell);
            relative[size_t(y) * cells_w + x] = projection / (kCell * kCell) / std::max(mean, kDarkFloor);
        }
    }

    // Lattice fit per strength level and pixel phase.
    std::vector<double> fit(size_t(kLevels) * kCell * kCell, 0.0);
    for (int level = 0; level < kLevels; ++level) {
        const float inverse_step = 1.0f / step_of_level(level);
        double* level_fit = &fit[size_t(level) * kCell * kCell];
        for (int y = 0; y < cells_h; ++y) {
            double* phase_row = level_fit + (y % kCell) * kCell;
            const float* r = &relative[size_t(y) * cells_w];
            for (int x = 0; x < cells_w; ++x) phase_row[x % kCell] += lattice_fit(r[x] * inverse_step);
        }
    }
    std::vector<int> order(fit.size());
    for (size_t i = 0; i < order.size(); ++i) order[i] = int(i);
    std::partial_sort(order.begin(), order.begin() + kCandidates, order.end(),
                      [&](int a, int b) { return fit[a] > fit[b]; });

    const double log_hypotheses =
        std::log(double(kCandidates) * kTileBits) + kPayloadBits * std::log(2.0);
    double best_log_p = 0.0;
    for (int candidate = 0; candidate < kCandidates; ++candidate) {
        const int level = order[candidate] / (kCell * kCell);
        const int phase_y = order[candidate] / kCell % kCell, phase_x = order[candidate] % kCell;
        const float inverse_step = 1.0f / step_of_level(level);
        const int rows = (cells_h - phase_y + kCell - 1) / kCell;
        const int cols = (cells_w - phase_x + kCell - 1) / kCell;
        std::vector<float> votes(size_t(rows) * cols);
        for (int i = 0; i < rows; ++i)
            for (int j = 0; j < cols; ++j)
                votes[size_t(i) * cols + j] = bit_vote(
                    relative[size_t(phase_y + i * kCell) * cells_w + phase_x + j * kCell] * inverse_step);
        for (int shift_y = 0; shift_y < kTileCells; ++shift_y) {
            for (int shift_x = 0; shift_x < kTileCells; ++shift_x) {
                SoftBits soft{};
                for (int i = 0; i < rows; ++i) {
                    const int tile_row = (i + shift_y) % kTileCells * kTileCells;
                    for (int j = 0; j < cols; ++j) {
                        const int cell = tile_row + (j + shift_x) % kTileCells;
                        const float vote = votes[size_t(i) * cols + j];
                        soft[layout.code_bit[cell]] += layout.flip[cell] ? -vote : vote;
                    }
                }
                const std::optional<uint32_t> payload = decode_payload(soft);
                if (!payload) continue;
                const CodeWord word = encode_payload(*payload);
                int matched = 0, voted = 0;
                for (int b = 0; b < kCodeBits; ++b) {
                    if (soft[b] == 0.0f) continue;
                    ++voted;
                    matched += (soft[b] > 0) == (word[b] == 0);
                }
                const double log_p = std::min(0.0, log_binomial_tail(voted, matched) + log_hypotheses);
                if (best.strength >= 0 && log_p >= best_log_p) continue;
                best_log_p = log_p;
                best.payload = *payload;
                best.p_value = std::exp(log_p);
                best.matched_bits = matched;
                best.voted_bits = voted;
                best.strength = level;
                const int tile = kTileCells * kCell;
                best.grid_x = uint32_t(((phase_x - shift_x * kCell) % tile + tile) % tile);
                best.grid_y = uint32_t(((phase_y - shift_y * kCell) % tile + tile) % tile);
            }
        }
    }
    best.found = best.strength >= 0 && best.p_value <= kWatermarkThreshold;
    return best;
}

}  // namespace lk::provenance
