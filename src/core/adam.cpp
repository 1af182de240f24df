#include "core/adam.h"

#include "core/error.h"

#include <ATen/TensorOperators.h>
#include <ATen/core/grad_mode.h>
#include <ATen/ops/zeros_like.h>
#include <c10/util/StringUtil.h>

#include <cmath>

namespace lk {

Adam::Adam(Tensors params, double lr, double beta1, double beta2, double eps, double weight_decay)
    : params_(std::move(params)),
      lr_(lr),
      beta1_(beta1),
      beta2_(beta2),
      eps_(eps),
      weight_decay_(weight_decay) {
    for (const auto& [name, p] : params_) {
        m_[name] = at::zeros_like(p);
        v_[name] = at::zeros_like(p);
    }
}

void Adam::step() {
    at::NoGradGuard no_grad;
    ++steps_;
    const double correction1 = 1 - std::pow(beta1_, double(steps_));
    const double correction2 = 1 - std::pow(beta2_, double(steps_));
    for (auto& [name, p] : params_) {
        const at::Tensor& g = p.grad();
        if (!g.defined()) continue;
        at::Tensor& m = m_.at(name);
        at::Tensor& v = v_.at(name);
        if (weight_decay_ > 0) p.mul_(1 - lr_ * weight_decay_);
        m.mul_(beta1_).add_(g, 1 - beta1_);
        v.mul_(beta2_).addcmul_(g, g, 1 - beta2_);
        const at::Tensor denominator = (v.sqrt() / std::sqrt(correction2)).add_(eps_);
        p.addcdiv_(m, denominator, -lr_ / correction1);
    }
}

void Adam::zero_grad() {
    for (auto& [name, p] : params_)
        if (p.grad().defined()) p.mutable_grad() = at::Tensor();
}

void Adam::set_requires_grad(bool on) {
    for (auto& [name, p] : params_) p.requires_grad_(on);
}

Adam::Tensors Adam::state() const {
    Tensors state;
    for (const auto& [name, m] : m_) state["m." + name] = m;
    for (const auto& [name, v] : v_) state["v." + name] = v;
    return state;
}

void Adam::load_state(const Tensors& state, int64_t steps) {
    for (auto* moments : {&m_, &v_}) {
        const std::string prefix = moments == &m_ ? "m." : "v.";
        for (auto& [name, moment] : *moments) {
            const auto found = state.find(prefix + name);
            if (found == state.end())
                fail(LK_ERR_FORMAT, "optimizer state lacks {}{}", prefix, name);
            if (found->second.sizes() != moment.sizes())
                fail(LK_ERR_FORMAT, "optimizer state {}{} has shape {}, expected {}", prefix, name,
                     c10::str(found->second.sizes()), c10::str(moment.sizes()));
            at::NoGradGuard no_grad;
            moment.copy_(found->second);
        }
    }
    steps_ = steps;
}

}  // namespace lk
