#include "face/net_input.h"

#include <ATen/TensorOperators.h>
#include <ATen/ops/empty.h>
#include <ATen/ops/stack.h>
#include <ATen/ops/tensor.h>

#include <algorithm>
#include <cmath>
#include <vector>

namespace lk::face {

at::Tensor square_input(const lk_image_view& rgb, const PixelRect& crop, bool centred, int64_t size) {
    const int64_t side = std::max(crop.width, crop.height);
    // face-api appends round(diff / 2) (JavaScript rounds halves up) and prepends the rest.
    const int64_t diff = side - std::min(crop.width, crop.height);
    const int64_t before = centred ? diff - (diff + 1) / 2 : 0;
    const int64_t left = crop.width < crop.height ? before : 0;
    const int64_t top = crop.height < crop.width ? before : 0;

    // Source taps along one axis of the square: the two canvas cells and the weight of the second.
    struct Tap {
        int64_t first, second;
        float weight;
    };
    const float scale = static_cast<float>(side) / static_cast<float>(size);
    std::vector<Tap> taps(size);
    for (int64_t i = 0; i < size; ++i) {
        const float source = static_cast<float>(i) * scale;
        const int64_t first = static_cast<int64_t>(std::floor(source));
        taps[i] = {first, std::min(first + 1, side - 1), source - static_cast<float>(first)};
    }

    at::Tensor out = at::empty({3, size, size}, at::kFloat);
    float* planes = out.data_ptr<float>();
    const int64_t plane = size * size;
    // One canvas cell's value, zero in the padding.
    auto cell = [&](int64_t cy, int64_t cx, int c) -> float {
        const int64_t y = cy - top, x = cx - left;
        if (y < 0 || y >= crop.height || x < 0 || x >= crop.width) return 0.0f;
        return rgb.data[(crop.y + y) * rgb.stride + (crop.x + x) * rgb.channels + c];
    };
    for (int64_t oy = 0; oy < size; ++oy) {
        const Tap& ty = taps[oy];
        for (int64_t ox = 0; ox < size; ++ox) {
            const Tap& tx = taps[ox];
            for (int c = 0; c < 3; ++c) {
                const float top_left = cell(ty.first, tx.first, c);
                const float top_right = cell(ty.first, tx.second, c);
                const float bottom_left = cell(ty.second, tx.first, c);
                const float bottom_right = cell(ty.second, tx.second, c);
                const float upper = top_left + (top_right - top_left) * tx.weight;
                const float lower = bottom_left + (bottom_right - bottom_left) * tx.weight;
                planes[c * plane + oy * size + ox] = upper + (lower - upper) * ty.weight;
            }
        }
    }
    return out;
}

at::Tensor face_batch(const lk_image_view& rgb, const std::vector<PixelRect>& crops, int64_t size) {
    static constexpr float mean_rgb[3] = {122.782f, 117.001f, 104.298f};
    std::vector<at::Tensor> inputs;
    for (const PixelRect& crop : crops) inputs.push_back(square_input(rgb, crop, true, size));
    const at::Tensor mean = at::tensor(at::ArrayRef<float>(mean_rgb, 3)).view({1, 3, 1, 1});
    return (at::stack(inputs) - mean) / 255;
}

}  // namespace lk::face
