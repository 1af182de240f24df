// Differentiable augmentation of the images the discriminator sees, real and generated alike
// (after Karras et al., "Training Generative Adversarial Networks with Limited Data"): x-flip,
// integer translation, brightness, contrast and saturation, each applied to each image with
// probability p. Gradients flow through every transform, so the generator learns from the
// augmented view without learning to produce augmented images (each transform is invertible in
// distribution at p < ~0.8).
#pragma once

#include <ATen/core/Generator.h>
#include <ATen/core/Tensor.h>

#include <cstdint>

namespace lk::gan {

// images: float (N, C, H, W) in about [-1, 1]; returns a new tensor of the same shape. p = 0
// returns images itself.
at::Tensor augment(const at::Tensor& images, double p, at::Generator& rng);

// The adaptive probability: every few minibatches, p moves towards the value where the
// discriminator's sign on real images, averaged, equals `target` (it overfits when it grows
// confident on reals), by at most batch * interval / (ramp_kimg * 1000) per adjustment, so that
// p could go from 0 to 1 within ramp_kimg thousand images.
class AdaptiveAugment {
public:
    AdaptiveAugment(double target, double ramp_kimg, int64_t interval)
        : target_(target), ramp_kimg_(ramp_kimg), interval_(interval) {}

    // Accumulates the signs of one minibatch's logits on real images; adjusts p after every
    // `interval` minibatches.
    void observe(const at::Tensor& real_logits);
    double p() const { return p_; }
    void set_p(double p) { p_ = p; }
    // The mean sign of the last adjustment's minibatches (0 before the first).
    double last_sign() const { return last_sign_; }

private:
    double target_, ramp_kimg_;
    int64_t interval_;
    double p_ = 0, last_sign_ = 0, sign_sum_ = 0;
    int64_t count_ = 0, batches_ = 0;
};

}  // namespace lk::gan
