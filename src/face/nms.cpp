#include "face/nms.h"

#include <algorithm>
#include <numeric>

namespace lk::face {

std::vector<size_t> greedy_nms(const std::vector<Box>& boxes, const std::vector<float>& scores,
                               float iou_threshold, size_t max_results) {
    std::vector<size_t> order(boxes.size());
    std::iota(order.begin(), order.end(), size_t{0});
    std::stable_sort(order.begin(), order.end(), [&](size_t a, size_t b) { return scores[a] > scores[b]; });
    std::vector<size_t> kept;
    for (const size_t candidate : order) {
        if (kept.size() >= max_results) break;
        const bool overlaps = std::any_of(kept.begin(), kept.end(), [&](size_t k) {
            return iou(boxes[candidate], boxes[k]) > iou_threshold;
        });
        if (!overlaps) kept.push_back(candidate);
    }
    return kept;
}

}  // namespace lk::face
