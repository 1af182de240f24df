// The autograd Function of upfirdn2d: the adjoint of upsample-pad-filter-downsample is
// upsample-pad-filter-downsample with the factors swapped, the filter flipped and the padding
// moved to the other side of the footprint. The backward calls the Function itself, so the
// gradient is differentiable again (the discriminator's R1 penalty differentiates twice).
#include "kernels/upfirdn2d.h"

#include <torch/csrc/autograd/custom_function.h>

namespace lk::detail {
namespace {

struct Upfirdn2dFunction : public torch::autograd::Function<Upfirdn2dFunction> {
    static at::Tensor forward(torch::autograd::AutogradContext* ctx, const at::Tensor& x,
                              const at::Tensor& f, int64_t up, int64_t down, Padding padding,
                              bool flip_filter, double gain) {
        ctx->saved_data["f"] = f;
        ctx->saved_data["up"] = up;
        ctx->saved_data["down"] = down;
        ctx->saved_data["padding"] = std::vector<int64_t>(padding.begin(), padding.end());
        ctx->saved_data["flip_filter"] = flip_filter;
        ctx->saved_data["gain"] = gain;
        ctx->saved_data["in_h"] = x.size(2);
        ctx->saved_data["in_w"] = x.size(3);
        return upfirdn2d_forward(x, f, up, down, padding, flip_filter, float(gain));
    }

    static torch::autograd::variable_list backward(torch::autograd::AutogradContext* ctx,
                                                   torch::autograd::variable_list grads) {
        const at::Tensor f = ctx->saved_data["f"].toTensor();
        const int64_t up = ctx->saved_data["up"].toInt(), down = ctx->saved_data["down"].toInt();
        const std::vector<int64_t> pad = ctx->saved_data["padding"].toIntVector();
        const int64_t in_h = ctx->saved_data["in_h"].toInt();
        const int64_t in_w = ctx->saved_data["in_w"].toInt();
        const at::Tensor& dy = grads[0];
        const int64_t out_h = dy.size(2), out_w = dy.size(3);
        const int64_t fh = f.size(0), fw = f.size(-1);
        // Before: f - 1 - pad0 puts the flipped filter's taps over the outputs that the first
        // input pixel fed; after: whatever makes the result exactly in_h x in_w again.
        const Padding backward_padding{fw - pad[0] - 1, in_w * up - out_w * down + pad[0] - up + 1,
                                       fh - pad[2] - 1, in_h * up - out_h * down + pad[2] - up + 1};
        const at::Tensor dx = upfirdn2d_autograd(dy, f, down, up, backward_padding,
                                                 !ctx->saved_data["flip_filter"].toBool(),
                                                 float(ctx->saved_data["gain"].toDouble()));
        return {dx, at::Tensor(), at::Tensor(), at::Tensor(), at::Tensor(), at::Tensor(),
                at::Tensor()};
    }
};

}  // namespace

at::Tensor upfirdn2d_autograd(const at::Tensor& x, const at::Tensor& f, int64_t up,
                              int64_t down, Padding padding, bool flip_filter, float gain) {
    return Upfirdn2dFunction::apply(x, f, up, down, padding, flip_filter, double(gain));
}

}  // namespace lk::detail
