#include "face/geometry.h"

#include <algorithm>

namespace lk::face {

float iou(const Box& a, const Box& b) {
    float w = std::max(0.0f, std::min(a.right(), b.right()) - std::max(a.x, b.x));
    float h = std::max(0.0f, std::min(a.bottom(), b.bottom()) - std::max(a.y, b.y));
    float inter = w * h;
    float uni = a.area() + b.area() - inter;
    return a.area() <= 0 || b.area() <= 0 || uni <= 0 ? 0.0f : inter / uni;
}

Point centroid(const Landmarks68& points, int first, int last) {
    Point c;
    for (int i = first; i <= last; ++i) {
        c.x += points[i].x;
        c.y += points[i].y;
    }
    float n = static_cast<float>(last - first + 1);
    return {c.x / n, c.y / n};
}

}  // namespace lk::face
