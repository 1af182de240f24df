// bias_act and its gradient as autograd functions. The gradient is linear in grad_out with a
// per-element factor that depends only on y (a mask and a slope), so the gradient's own
// gradient with respect to grad_out is the same map, and with respect to y it is zero almost
// everywhere: the second function is its own backward.
#include "kernels/bias_act.h"

#include <ATen/ops/sum.h>
#include <torch/csrc/autograd/custom_function.h>

#include <optional>
#include <vector>

namespace lk::detail {
namespace {

using torch::autograd::AutogradContext;
using torch::autograd::variable_list;

struct Settings {
    Activation act;
    float alpha, gain;
    std::optional<float> clamp;
};

void save(AutogradContext* ctx, const Settings& s) {
    ctx->saved_data["act"] = int64_t(s.act);
    ctx->saved_data["alpha"] = double(s.alpha);
    ctx->saved_data["gain"] = double(s.gain);
    ctx->saved_data["clamp"] = s.clamp ? double(*s.clamp) : -1.0;
}

Settings load(AutogradContext* ctx) {
    const double clamp = ctx->saved_data["clamp"].toDouble();
    return {Activation(ctx->saved_data["act"].toInt()), float(ctx->saved_data["alpha"].toDouble()),
            float(ctx->saved_data["gain"].toDouble()),
            clamp >= 0 ? std::optional<float>(float(clamp)) : std::nullopt};
}

// grad_x from grad_out and the forward output y.
struct BiasActGradient : torch::autograd::Function<BiasActGradient> {
    static at::Tensor forward(AutogradContext* ctx, const at::Tensor& grad_out, const at::Tensor& y,
                              Settings s) {
        ctx->save_for_backward({y});
        save(ctx, s);
        return bias_act_backward(grad_out, y, false, s.act, s.alpha, s.gain, s.clamp).x;
    }
    static variable_list backward(AutogradContext* ctx, variable_list grad) {
        const at::Tensor y = ctx->get_saved_variables()[0];
        return {BiasActGradient::apply(grad[0], y, load(ctx)), at::Tensor(), at::Tensor()};
    }
};

struct BiasAct : torch::autograd::Function<BiasAct> {
    // An absent bias is an empty optional: autograd takes no undefined tensor as an input.
    static at::Tensor forward(AutogradContext* ctx, const at::Tensor& x,
                              const std::optional<at::Tensor>& bias, Settings s) {
        const at::Tensor y = bias_act(x, bias.value_or(at::Tensor()), s.act, s.alpha, s.gain, s.clamp);
        ctx->save_for_backward({y});
        ctx->saved_data["has_bias"] = bias.has_value();
        save(ctx, s);
        return y;
    }
    static variable_list backward(AutogradContext* ctx, variable_list grad) {
        const at::Tensor y = ctx->get_saved_variables()[0];
        const at::Tensor grad_x = BiasActGradient::apply(grad[0], y, load(ctx));
        at::Tensor grad_bias;
        if (ctx->saved_data["has_bias"].toBool()) {
            std::vector<int64_t> dims;
            for (int64_t d = 0; d < grad_x.dim(); ++d)
                if (d != 1) dims.push_back(d);
            grad_bias = grad_x.sum(dims);
        }
        return {grad_x, grad_bias, at::Tensor()};
    }
};

}  // namespace

at::Tensor bias_act_autograd(const at::Tensor& x, const at::Tensor& bias, Activation act,
                             float alpha, float gain, std::optional<float> clamp) {
    return BiasAct::apply(x, bias.defined() ? std::optional<at::Tensor>(bias) : std::nullopt,
                          Settings{act, alpha, gain, clamp});
}

}  // namespace lk::detail
