// The order minibatches take a dataset's images in: pass after pass, each pass a fresh random
// permutation, a minibatch running on into the next pass where one ends. Its permutation and
// position can be saved and restored, so that a resumed training run takes the same images.
#pragma once

#include <ATen/core/Generator.h>
#include <ATen/core/Tensor.h>

#include <cstdint>

namespace lk::data {

class ShuffledOrder {
public:
    explicit ShuffledOrder(int64_t size) : size_(size) {}

    // The next n indices (int64, CPU), drawing each new permutation from `rng`.
    at::Tensor next(int64_t n, at::Generator& rng);

    // The current pass's permutation (undefined before the first call) and the next position.
    const at::Tensor& permutation() const { return permutation_; }
    int64_t position() const { return position_; }
    void restore(at::Tensor permutation, int64_t position);

private:
    int64_t size_;
    at::Tensor permutation_;
    int64_t position_ = 0;
};

}  // namespace lk::data
