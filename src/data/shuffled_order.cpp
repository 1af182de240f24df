#include "data/shuffled_order.h"

#include "core/error.h"

#include <ATen/ops/cat.h>
#include <ATen/ops/randperm.h>

#include <algorithm>
#include <vector>

namespace lk::data {

at::Tensor ShuffledOrder::next(int64_t n, at::Generator& rng) {
    std::vector<at::Tensor> parts;
    while (n > 0) {
        if (!permutation_.defined() || position_ >= size_) {
            permutation_ = at::randperm(size_, rng, at::kLong);
            position_ = 0;
        }
        const int64_t take = std::min(n, size_ - position_);
        parts.push_back(permutation_.narrow(0, position_, take));
        position_ += take;
        n -= take;
    }
    return at::cat(parts);
}

void ShuffledOrder::restore(at::Tensor permutation, int64_t position) {
    if (permutation.dim() != 1 || permutation.size(0) != size_ || position < 0 || position > size_)
        fail(LK_ERR_FORMAT,
             "the saved data order covers {} images at position {}, but the data has {} images",
             permutation.dim() == 1 ? permutation.size(0) : -1, position, size_);
    permutation_ = std::move(permutation);
    position_ = position;
}

}  // namespace lk::data
