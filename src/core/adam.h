// Adam (Kingma and Ba) with bias correction, as torch.optim.Adam computes it, and optionally
// AdamW's decoupled weight decay (Loshchilov and Hutter), over a model's parameters by name, so
// that its moments can be saved beside them and restored on resume. The GAN and diffusion
// trainers share it.
#pragma once

#include <ATen/core/Tensor.h>

#include <cstdint>
#include <map>
#include <string>

namespace lk {

class Adam {
public:
    using Tensors = std::map<std::string, at::Tensor>;

    // params: the tensors to update in place (they keep their .grad()). The moments start at 0.
    // weight_decay > 0 shrinks each parameter by lr * weight_decay per step before the Adam
    // update, as torch.optim.AdamW does.
    Adam(Tensors params, double lr, double beta1, double beta2, double eps = 1e-8,
         double weight_decay = 0);

    // One update from each parameter's gradient; parameters without one are left alone.
    void step();
    void zero_grad();
    // Turns gradient recording on or off for every parameter, so that a phase that trains the
    // other network records nothing for this one.
    void set_requires_grad(bool on);
    // For schedules (warm-up): the rate the next step() uses.
    void set_lr(double lr) { lr_ = lr; }

    const Tensors& params() const { return params_; }
    // "m.<name>" and "v.<name>" for each parameter.
    Tensors state() const;
    // LK_ERR_FORMAT naming the first missing or mis-shaped moment.
    void load_state(const Tensors& state, int64_t steps);
    int64_t steps() const { return steps_; }

private:
    Tensors params_, m_, v_;
    double lr_, beta1_, beta2_, eps_, weight_decay_;
    int64_t steps_ = 0;
};

}  // namespace lk
