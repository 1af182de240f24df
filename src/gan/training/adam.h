// Adam (Kingma and Ba) with bias correction, as torch.optim.Adam computes it, over a model's
// parameters by name, so that its moments can be saved beside them and restored on resume.
#pragma once

#include "gan/weights.h"

#include <cstdint>

namespace lk::gan {

class Adam {
public:
    // params: the tensors to update in place (they keep their .grad()). The moments start at 0.
    Adam(Weights params, double lr, double beta1, double beta2, double eps = 1e-8);

    // One update from each parameter's gradient; parameters without one are left alone.
    void step();
    void zero_grad();
    // Turns gradient recording on or off for every parameter, so that a phase that trains the
    // other network records nothing for this one.
    void set_requires_grad(bool on);

    const Weights& params() const { return params_; }
    // "m.<name>" and "v.<name>" for each parameter.
    Weights state() const;
    // LK_ERR_FORMAT naming the first missing or mis-shaped moment.
    void load_state(const Weights& state, int64_t steps);
    int64_t steps() const { return steps_; }

private:
    Weights params_, m_, v_;
    double lr_, beta1_, beta2_, eps_;
    int64_t steps_ = 0;
};

}  // namespace lk::gan
