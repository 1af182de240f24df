// Greedy non-maximum suppression, as both face-api detectors do it: take the best box left, drop
// every box that overlaps it by more than the threshold, repeat.
#pragma once

#include "face/geometry.h"

#include <cstddef>
#include <vector>

namespace lk::face {

// Indices into `boxes`, best score first, at most `max_results` of them.
std::vector<size_t> greedy_nms(const std::vector<Box>& boxes, const std::vector<float>& scores,
                               float iou_threshold, size_t max_results);

}  // namespace lk::face
