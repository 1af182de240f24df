// Argument checks, device dispatch and the CPU reference of modulate_weight.h.
#include "kernels/modulate_weight.h"

#include "core/error.h"
#include "kernels/device.h"
#include "kernels/image_tensor.h"

#include <ATen/Parallel.h>
#include <ATen/core/grad_mode.h>
#include <ATen/ops/empty.h>
#include <c10/util/StringUtil.h>

#include <algorithm>
#include <vector>

namespace lk {
namespace {

constexpr const char* op = "modulate_weight";

// Enough weights per task to outweigh scheduling.
constexpr int64_t elements_per_task = 32768;

void check_model_float(const char* name, const at::Tensor& t, int64_t rank, const char* shape) {
    if (!t.defined()) fail(LK_ERR_INVALID_ARGUMENT, "{} got an undefined {} tensor", op, name);
    const at::ScalarType type = t.scalar_type();
    if (type != at::kFloat && type != at::kHalf && type != at::kBFloat16)
        fail(LK_ERR_INVALID_ARGUMENT, "{} needs {} as float32, float16 or bfloat16, got {}", op,
             name, c10::toString(type));
    if (t.dim() != rank)
        fail(LK_ERR_INVALID_ARGUMENT, "{} needs {} shaped {}, got shape {}", op, name, shape,
             c10::str(t.sizes()));
    if (t.requires_grad() && at::GradMode::is_enabled())
        fail(LK_ERR_INVALID_ARGUMENT,
             "{} is for inference and has no gradient, but {} requires grad; run it under "
             "no-grad or inference mode, or modulate the activations to train", op, name);
}

// One (n, o) row of I * kh * kw weights, `taps` = kh * kw per input channel, through a float
// scratch row: the products once, their squares summed in eight independent chains so that the
// additions vectorize, then the scaled row.
template <typename T>
void modulate_row(const T* __restrict__ weight, const T* __restrict__ styles,
                  T* __restrict__ out, float* __restrict__ scratch, int64_t in, int64_t taps,
                  bool demodulate) {
    for (int64_t i = 0; i < in; ++i) {
        const float style = static_cast<float>(styles[i]);
        for (int64_t t = 0; t < taps; ++t)
            scratch[i * taps + t] = detail::modulated(static_cast<float>(weight[i * taps + t]), style);
    }
    const int64_t length = in * taps;
    float scale = 1.0f;
    if (demodulate) {
        float sums[8] = {0, 0, 0, 0, 0, 0, 0, 0};
        int64_t k = 0;
        for (; k + 8 <= length; k += 8)
            for (int lane = 0; lane < 8; ++lane) sums[lane] += scratch[k + lane] * scratch[k + lane];
        for (; k < length; ++k) sums[0] += scratch[k] * scratch[k];
        scale = detail::demodulation(((sums[0] + sums[1]) + (sums[2] + sums[3])) +
                                     ((sums[4] + sums[5]) + (sums[6] + sums[7])));
    }
    for (int64_t k = 0; k < length; ++k) out[k] = static_cast<T>(scratch[k] * scale);
}

at::Tensor modulate_weight_cpu(const at::Tensor& weight, const at::Tensor& styles,
                               bool demodulate) {
    const int64_t batch = styles.size(0), outs = weight.size(0), in = weight.size(1);
    const int64_t taps = weight.size(2) * weight.size(3), length = in * taps;
    at::Tensor out = at::empty({batch, outs, in, weight.size(2), weight.size(3)}, weight.options());
    if (out.numel() == 0) return out;
    LK_DISPATCH_MODEL_FLOATS(weight.scalar_type(), op, [&] {
        const scalar_t* w = weight.const_data_ptr<scalar_t>();
        const scalar_t* s = styles.const_data_ptr<scalar_t>();
        scalar_t* dst = out.mutable_data_ptr<scalar_t>();
        const int64_t rows_per_task = std::max<int64_t>(1, elements_per_task / length);
        at::parallel_for(0, batch * outs, rows_per_task, [&](int64_t begin, int64_t end) {
            std::vector<float> scratch(static_cast<size_t>(length));
            for (int64_t row = begin; row < end; ++row) {
                const int64_t n = row / outs, o = row % outs;
                modulate_row(w + o * length, s + n * in, dst + row * length, scratch.data(), in,
                             taps, demodulate);
            }
        });
    });
    return out;
}

}  // namespace

at::Tensor modulate_weight(const at::Tensor& weight, const at::Tensor& styles, bool demodulate) {
    check_model_float("weight", weight, 4, "(O, I, kh, kw)");
    check_model_float("styles", styles, 2, "(N, I)");
    if (styles.size(1) != weight.size(1))
        fail(LK_ERR_INVALID_ARGUMENT,
             "{} needs styles with one value per input channel of weight {}, (N, {}), got shape {}",
             op, c10::str(weight.sizes()), weight.size(1), c10::str(styles.sizes()));
    if (styles.scalar_type() != weight.scalar_type())
        fail(LK_ERR_INVALID_ARGUMENT, "{} needs styles in weight's dtype {}, got {}", op,
             c10::toString(weight.scalar_type()), c10::toString(styles.scalar_type()));
    if (styles.device() != weight.device())
        fail(LK_ERR_INVALID_ARGUMENT, "{} needs styles on weight's device {}, got {}", op,
             weight.device().str(), styles.device().str());
    const at::Tensor wc = weight.contiguous(), sc = styles.contiguous();
#if LIKENESS_CUDA
    if (weight.is_cuda()) return detail::modulate_weight_cuda(wc, sc, demodulate);
#endif
    detail::check_cpu(op, weight);
    return modulate_weight_cpu(wc, sc, demodulate);
}

}  // namespace lk
