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
constexpr int kLevels = 7;
// Lattice step per unit of mean luma at level 0, and the factor from one level to the next:
// seven levels from 0.137 to 0.036. Which one keeps 40.5 dB depends mostly on the image's
// brightness; photographs take any of them, dark images the strongest.
constexpr float kStep0 = 0.137f;
constexpr float kLevelRatio = 0.8f;
// Dark cells would get steps too fine to survive anything; below this mean luma the step stops
// shrinking (and those cells lose their immunity to brightness changes, which is what dark
// cells have least of anyway).
constexpr float kDarkFloor = 32.0f;
constexpr double kTargetPsnr = 40.5;
// Phase and level candidates decoded by the detector, best lattice fits first.
constexpr int kCandidates = 4;
// Cells per phase the phase search looks at, at most (about; the sample is a regular grid).
constexpr int kPhaseSampleCells = 1024;

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

// What embedding needs of one cell: where it is, its projection and its mean luma.
struct Cell {
    uint32_t x, y;
    int bit;  // the code bit it carries, whitened
    float projection, mean;
    float darkest;  // the lowest value of any colour channel in the cell
};

std::vector<Cell> cells_of(const lk_image_view& view, const std::vector<float>& luma,
                           const Layout& layout, const CodeWord& word) {
    std::vector<Cell> cells;
    for (uint32_t cy = 0; cy + kCell <= view.height; cy += kCell) {
        for (uint32_t cx = 0; cx + kCell <= view.width; cx += kCell) {
            float projection = 0, sum = 0;
            for (int u = 0; u < kCellBlocks; ++u) {
                for (int v = 0; v < kCellBlocks; ++v) {
                    float block = 0;
                    for (int y = 0; y < kBlock; ++y) {
                        const float* row = &luma[size_t(cy + u * kBlock + y) * view.width + cx + v * kBlock];
                        for (int x = 0; x < kBlock; ++x) block += row[x];
                    }
                    projection += layout.pattern[u][v] * block;
                    sum += block;
                }
            }
            const uint32_t colour = view.channels < 3 ? 1 : 3;
            uint8_t darkest = 255;
            for (uint32_t y = cy; y < cy + kCell; ++y) {
                const uint8_t* row = view.data + y * view.stride + size_t(cx) * view.channels;
                for (uint32_t i = 0; i < kCell * view.channels; ++i)
                    if (i % view.channels < colour) darkest = std::min(darkest, row[i]);
            }
            const int index = int((cy / kCell) % kTileCells) * kTileCells + int((cx / kCell) % kTileCells);
            cells.push_back(Cell{cx, cy, word[layout.code_bit[index]] ^ layout.flip[index],
                                 projection / (kCell * kCell), sum / (kCell * kCell), float(darkest)});
        }
    }
    return cells;
}

// How far a cell's projection moves to reach its bit's lattice at `level`.
float change_of(const Cell& cell, int level) {
    const float quantum = step_of_level(level) * std::max(cell.mean, kDarkFloor);
    const float offset = cell.bit ? 0.75f : 0.25f;
    const float t = cell.projection / quantum;
    return (std::round(t - offset) + offset - t) * quantum;
}

// Near black, half of a cell's pixels would clip at 0 and take the mark with them. Below the
// dark floor the step does not depend on the cell's mean, so the whole cell can be lifted by as
// much as the clipping would take, up to the floor, at no cost to the bit.
float lift_of(const Cell& cell, float change) {
    if (cell.mean >= kDarkFloor) return 0.0f;
    // Up to 0.8 of the floor: a lifted cell stays below it after brightness x1.2 as well.
    const float room = std::max(0.0f, 0.8f * kDarkFloor - cell.mean);
    return std::clamp(std::ceil(std::fabs(change)) - cell.darkest, 0.0f, room);
}

// A cell moved by `change` and lifted by `lift` shifts half of its pixels by round(lift + change)
// and half by round(lift - change) from integer values, so the squared error is known before any
// pixel is written; clipping at 0 and 255 only lowers it.
double mean_squared_error(const std::vector<Cell>& cells, int level, size_t pixels) {
    double sum = 0;
    for (const Cell& cell : cells) {
        const float change = change_of(cell, level), lift = lift_of(cell, change);
        const double up = std::round(lift + change), down = std::round(lift - change);
        sum += (up * up + down * down) * (kCell * kCell / 2);
    }
    return sum / double(pixels);
}

double psnr_of(double mse) { return mse > 0 ? 10.0 * std::log10(255.0 * 255.0 / mse) : INFINITY; }

}  // namespace

Embedding embed_watermark(const lk_image_view& view, uint32_t payload, uint64_t key) {
    check_view(&view);
    if (view.width < kWatermarkMinSide || view.height < kWatermarkMinSide)
        fail(LK_ERR_INVALID_ARGUMENT,
             "image is {}x{}, too small to carry a watermark; it needs at least {}x{} pixels",
             view.width, view.height, kWatermarkMinSide, kWatermarkMinSide);
    const Layout layout = make_layout(key);
    const std::vector<Cell> cells = cells_of(view, luma_of(view), layout, encode_payload(payload));
    const size_t pixels = size_t(view.width) * view.height;
    int level = 0;
    while (level < kLevels - 1 && psnr_of(mean_squared_error(cells, level, pixels)) < kTargetPsnr)
        ++level;

    Image out(view);
    const uint32_t channels = view.channels, colour = channels < 3 ? 1 : 3;
    double squared_error = 0;
    for (const Cell& cell : cells) {
        const float change = change_of(cell, level), lift = lift_of(cell, change);
        for (int u = 0; u < kCellBlocks; ++u) {
            for (int y = 0; y < kBlock; ++y) {
                const size_t row = cell.y + u * kBlock + y;
                const uint8_t* src = view.data + row * view.stride;
                uint8_t* dst = out.data() + row * view.width * channels;
                for (int v = 0; v < kCellBlocks; ++v) {
                    const float delta = lift + change * layout.pattern[u][v];
                    for (int x = 0; x < kBlock; ++x) {
                        const size_t at = size_t(cell.x + v * kBlock + x) * channels;
                        for (uint32_t c = 0; c < colour; ++c) {
                            const float value = std::clamp(std::round(src[at + c] + delta), 0.0f, 255.0f);
                            dst[at + c] = uint8_t(value);
                            squared_error += (value - src[at + c]) * (value - src[at + c]);
                        }
                    }
                }
            }
        }
    }
    return Embedding{std::move(out), level, psnr_of(squared_error / double(pixels * colour))};
}

Detection detect_watermark(const lk_image_view& view, uint64_t key) {
    check_view(&view);
    Detection best;
    const int width = int(view.width), height = int(view.height);
    if (width < kCell || height < kCell) return best;
    const std::vector<float> luma = luma_of(view);

    // The sum of the block starting at every pixel position: rows of 4-pixel sums, then columns
    // of four of those (four bytes a pixel each, where an integral image would need doubles).
    const int block_w = width - kBlock + 1, block_h = height - kBlock + 1;
    std::vector<float> row_sums(size_t(block_w) * height);
    for (int y = 0; y < height; ++y) {
        const float* in = &luma[size_t(y) * width];
        float* out = &row_sums[size_t(y) * block_w];
        for (int x = 0; x < block_w; ++x) out[x] = in[x] + in[x + 1] + in[x + 2] + in[x + 3];
    }
    static_assert(kBlock == 4, "the sums above add four terms");
    std::vector<float> block_sum(size_t(block_w) * block_h);
    for (int y = 0; y < block_h; ++y) {
        const float* in = &row_sums[size_t(y) * block_w];
        float* out = &block_sum[size_t(y) * block_w];
        for (int x = 0; x < block_w; ++x)
            out[x] = in[x] + in[x + block_w] + in[x + 2 * size_t(block_w)] + in[x + 3 * size_t(block_w)];
    }
    const Layout layout = make_layout(key);
    const int cells_w = width - kCell + 1, cells_h = height - kCell + 1;
    // A cell's projection relative to its mean (floored): the quantity the lattice is laid on.
    const auto relative = [&](int y, int x) {
        float projection = 0, sum = 0;
        for (int u = 0; u < kCellBlocks; ++u) {
            const float* row = &block_sum[size_t(y + u * kBlock) * block_w + x];
            for (int v = 0; v < kCellBlocks; ++v) {
                projection += layout.pattern[u][v] * row[v * kBlock];
                sum += row[v * kBlock];
            }
        }
        return projection / std::max(sum, kDarkFloor * (kCell * kCell));
    };

    // Lattice fit per strength level and pixel phase, over cells spread evenly across the image:
    // about a thousand of them, so that the search costs the same for every large image. The
    // robustness figures in docs/provenance.md were measured with this sampling.
    const int grid_rows = cells_h / kCell + 1, grid_cols = cells_w / kCell + 1;
    const int stride = std::max(1, int(std::sqrt(double(grid_rows) * grid_cols / kPhaseSampleCells)));
    std::vector<double> fit(size_t(kLevels) * kCell * kCell, 0.0);
    float inverse_steps[kLevels];
    for (int level = 0; level < kLevels; ++level) inverse_steps[level] = 1.0f / step_of_level(level);
    for (int phase_y = 0; phase_y < kCell; ++phase_y) {
        for (int phase_x = 0; phase_x < kCell; ++phase_x) {
            double sums[kLevels] = {};
            for (int y = phase_y; y < cells_h; y += stride * kCell) {
                for (int x = phase_x; x < cells_w; x += stride * kCell) {
                    const float r = relative(y, x);
                    for (int level = 0; level < kLevels; ++level) sums[level] += lattice_fit(r * inverse_steps[level]);
                }
            }
            for (int level = 0; level < kLevels; ++level)
                fit[(size_t(level) * kCell + phase_y) * kCell + phase_x] = sums[level];
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
        // Every cell's vote, summed by its place in a tile as this grid sees it: a tile shift
        // then only renames those 144 sums.
        float tile_votes[kTileCells][kTileCells] = {};
        for (int i = 0; phase_y + i * kCell < cells_h; ++i)
            for (int j = 0; phase_x + j * kCell < cells_w; ++j)
                tile_votes[i % kTileCells][j % kTileCells] +=
                    bit_vote(relative(phase_y + i * kCell, phase_x + j * kCell) * inverse_steps[level]);
        for (int shift_y = 0; shift_y < kTileCells; ++shift_y) {
            for (int shift_x = 0; shift_x < kTileCells; ++shift_x) {
                SoftBits soft{};
                for (int i = 0; i < kTileCells; ++i) {
                    const int tile_row = (i + shift_y) % kTileCells * kTileCells;
                    for (int j = 0; j < kTileCells; ++j) {
                        const int cell = tile_row + (j + shift_x) % kTileCells;
                        const float vote = tile_votes[i][j];
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
