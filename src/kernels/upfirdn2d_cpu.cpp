// Argument checks, the separable split, device dispatch and the CPU reference of upfirdn2d.h.
#include "kernels/upfirdn2d.h"

#include "core/error.h"
#include "kernels/device.h"
#include "kernels/image_tensor.h"

#include <ATen/Parallel.h>
#include <ATen/TensorOperators.h>
#include <ATen/core/grad_mode.h>
#include <ATen/ops/empty.h>
#include <ATen/ops/flip.h>
#include <c10/util/StringUtil.h>

#include <algorithm>
#include <cmath>
#include <vector>

namespace lk {
namespace {

constexpr const char* op = "upfirdn2d";

// Enough outputs per task to outweigh scheduling; each output costs a few multiply-adds.
constexpr int64_t outputs_per_task = 16384;

void check_arguments(const at::Tensor& x, const at::Tensor& f, int64_t up, int64_t down,
                     const Padding& padding, float gain) {
    if (!x.defined()) fail(LK_ERR_INVALID_ARGUMENT, "{} got an undefined x tensor", op);
    const at::ScalarType type = x.scalar_type();
    if (type != at::kFloat && type != at::kHalf && type != at::kBFloat16)
        fail(LK_ERR_INVALID_ARGUMENT, "{} needs x as float32, float16 or bfloat16, got {}", op,
             c10::toString(type));
    if (x.dim() != 4)
        fail(LK_ERR_INVALID_ARGUMENT, "{} needs x shaped (N, C, H, W), got shape {}", op,
             c10::str(x.sizes()));
    if (!f.defined()) fail(LK_ERR_INVALID_ARGUMENT, "{} got an undefined filter f", op);
    if (f.scalar_type() != at::kFloat)
        fail(LK_ERR_INVALID_ARGUMENT, "{} needs the filter f as float32, got {}", op,
             c10::toString(f.scalar_type()));
    if ((f.dim() != 1 && f.dim() != 2) || f.numel() == 0)
        fail(LK_ERR_INVALID_ARGUMENT,
             "{} needs a non-empty filter f of rank 1 (separable taps) or 2 (fh, fw), got shape "
             "{}", op, c10::str(f.sizes()));
    if (f.requires_grad() && at::GradMode::is_enabled())
        fail(LK_ERR_INVALID_ARGUMENT,
             "{} has no gradient for the filter f, but f requires grad; detach it", op);
    if (up < 1 || down < 1)
        fail(LK_ERR_INVALID_ARGUMENT, "{} needs up >= 1 and down >= 1, got up {} and down {}", op,
             up, down);
    // Before the filter is prepared on x's device, which may have no kernels for it.
    if (!(LIKENESS_CUDA && x.is_cuda())) detail::check_cpu(op, x);
    if (!std::isfinite(gain)) fail(LK_ERR_INVALID_ARGUMENT, "{} needs a finite gain, got {}", op, gain);
    const auto [x0, x1, y0, y1] = padding;
    const int64_t fh = f.size(0), fw = f.size(-1);
    const int64_t span_h = x.size(2) * up + y0 + y1, span_w = x.size(3) * up + x0 + x1;
    if (span_h < fh || span_w < fw)
        fail(LK_ERR_INVALID_ARGUMENT,
             "{} leaves no output: x {} upsampled by {} and padded by (x0 {}, x1 {}, y0 {}, y1 "
             "{}) is {}x{} (height x width), smaller than the {}x{} filter", op,
             c10::str(x.sizes()), up, x0, x1, y0, y1, span_h, span_w, fh, fw);
}

// The outputs of a row, split by phase: output ox = r + up_x * m. Within a phase every output
// whose taps all fall inside the input row starts on the same tap, one input pixel further
// (down_x pixels) per output, so a phase's interior is a contiguous run that a vectorized loop
// covers tap by tap; the few outputs at the borders go through upfirdn2d_row one by one.
struct Phase {
    int64_t tap = 0, taps = 0, pixel = 0;  // first tap, taps per output, pixel of the first
    int64_t begin = 0, end = 0;            // the interior: outputs r + up_x * m, m in [begin, end)
};

struct ColumnPlan {
    int64_t per_phase = 0;  // accumulator slots per phase: slot(ox) = r * per_phase + m
    std::vector<Phase> phases;
    std::vector<int64_t> borders;  // outputs outside every interior
    std::vector<detail::FirstTap> first;  // per output
};

ColumnPlan plan_columns(const detail::Upfirdn2dPass& p) {
    ColumnPlan plan;
    plan.per_phase = (p.out_w + p.up_x - 1) / p.up_x;
    plan.phases.resize(size_t(std::min(p.up_x, p.out_w)));
    plan.first.resize(size_t(p.out_w));
    for (int64_t ox = 0; ox < p.out_w; ++ox) {
        const detail::FirstTap t = detail::first_tap(ox, p.up_x, p.down_x, p.pad_x0);
        plan.first[size_t(ox)] = t;
        Phase& phase = plan.phases[size_t(ox % p.up_x)];
        const int64_t m = ox / p.up_x;
        const int64_t taps = t.tap < p.filter_w ? (p.filter_w - 1 - t.tap) / p.up_x + 1 : 0;
        // Past the left border the first tap depends on the phase alone (see first_tap).
        const bool interior = ox * p.down_x >= p.pad_x0 && taps > 0 && t.pixel + taps <= p.in_w;
        if (interior && phase.begin == phase.end) {
            phase = {t.tap, taps, t.pixel, m, m + 1};
        } else if (interior && phase.end == m) {
            phase.end = m + 1;
        } else {
            plan.borders.push_back(ox);
        }
    }
    return plan;
}

template <typename T>
void interior_run(float* __restrict__ acc, const T* __restrict__ source, float tap, int64_t n,
                  int64_t down) {
    if (down == 1) {
        for (int64_t k = 0; k < n; ++k) acc[k] += static_cast<float>(source[k]) * tap;
    } else {
        for (int64_t k = 0; k < n; ++k) acc[k] += static_cast<float>(source[k * down]) * tap;
    }
}

void run_cpu(const at::Tensor& x, const at::Tensor& filter, const detail::Upfirdn2dPass& p,
             at::Tensor& out) {
    const int64_t rows = out.size(0) * out.size(1) * p.out_h;
    if (out.numel() == 0) return;
    const ColumnPlan plan = plan_columns(p);
    std::vector<detail::FirstTap> ys(size_t(p.out_h));
    for (int64_t oy = 0; oy < p.out_h; ++oy)
        ys[size_t(oy)] = detail::first_tap(oy, p.up_y, p.down_y, p.pad_y0);
    const auto slot = [&](int64_t ox) { return (ox % p.up_x) * plan.per_phase + ox / p.up_x; };
    LK_DISPATCH_MODEL_FLOATS(x.scalar_type(), op, [&] {
        const scalar_t* in = x.const_data_ptr<scalar_t>();
        const float* filter_data = filter.const_data_ptr<float>();
        scalar_t* dst = out.mutable_data_ptr<scalar_t>();
        const int64_t rows_per_task = std::max<int64_t>(1, outputs_per_task / p.out_w);
        at::parallel_for(0, rows, rows_per_task, [&](int64_t begin, int64_t end) {
            std::vector<float> sums(size_t(plan.per_phase * p.up_x));
            float* acc = sums.data();
            for (int64_t row = begin; row < end; ++row) {
                const int64_t plane = row / p.out_h, oy = row % p.out_h;
                const scalar_t* source = in + plane * p.in_h * p.in_w;
                std::fill(sums.begin(), sums.end(), 0.0f);
                // Filter row by filter row, each in tap order: upfirdn2d_value's order.
                const detail::FirstTap ty = ys[size_t(oy)];
                int64_t iy = ty.pixel;
                for (int64_t i = ty.tap; i < p.filter_h && iy < p.in_h; i += p.up_y, ++iy) {
                    const scalar_t* line = source + iy * p.in_w;
                    const float* taps = filter_data + i * p.filter_w;
                    for (size_t r = 0; r < plan.phases.size(); ++r) {
                        const Phase& phase = plan.phases[r];
                        for (int64_t k = 0; k < phase.taps; ++k)
                            interior_run(acc + int64_t(r) * plan.per_phase + phase.begin,
                                         line + phase.pixel + k, taps[phase.tap + k * p.up_x],
                                         phase.end - phase.begin, p.down_x);
                    }
                    for (const int64_t ox : plan.borders)
                        acc[slot(ox)] = detail::upfirdn2d_row(acc[slot(ox)], line, taps, p,
                                                              plan.first[size_t(ox)]);
                }
                scalar_t* target = dst + row * p.out_w;
                for (int64_t r = 0; r < int64_t(plan.phases.size()); ++r)
                    for (int64_t ox = r, m = 0; ox < p.out_w; ox += p.up_x, ++m)
                        target[ox] = static_cast<scalar_t>(acc[r * plan.per_phase + m]);
            }
        });
    });
}

// The filter as the kernels take it: 2-D, float32 on x's device, flipped unless the caller
// asked for a correlation, and scaled by the gain.
at::Tensor kernel_filter(const at::Tensor& f, const at::Tensor& x, bool flip_filter, float gain) {
    at::Tensor k = f.dim() == 1 ? f.unsqueeze(0) : f;
    k = k.to(x.device());
    if (!flip_filter) k = k.flip({0, 1});
    return (k * gain).contiguous();
}

detail::Upfirdn2dPass pass_of(const at::Tensor& x, const at::Tensor& filter, int64_t up_x,
                              int64_t up_y, int64_t down_x, int64_t down_y, int64_t x0,
                              int64_t x1, int64_t y0, int64_t y1) {
    detail::Upfirdn2dPass p{};
    p.up_x = up_x, p.up_y = up_y, p.down_x = down_x, p.down_y = down_y;
    p.pad_x0 = x0, p.pad_y0 = y0;
    p.in_h = x.size(2), p.in_w = x.size(3);
    p.filter_h = filter.size(0), p.filter_w = filter.size(1);
    p.out_h = (p.in_h * up_y + y0 + y1 - p.filter_h) / down_y + 1;
    p.out_w = (p.in_w * up_x + x0 + x1 - p.filter_w) / down_x + 1;
    return p;
}

}  // namespace

namespace detail {

at::Tensor upfirdn2d_pass(const at::Tensor& x, const at::Tensor& filter, const Upfirdn2dPass& p) {
#if LIKENESS_CUDA
    if (x.is_cuda()) return upfirdn2d_pass_cuda(x, filter, p);
#endif
    at::Tensor out = at::empty({x.size(0), x.size(1), p.out_h, p.out_w}, x.options());
    run_cpu(x, filter, p, out);
    return out;
}

at::Tensor upfirdn2d_forward(const at::Tensor& x, const at::Tensor& f, int64_t up, int64_t down,
                             Padding padding, bool flip_filter, float gain) {
    const at::Tensor xc = x.contiguous();
    const auto [x0, x1, y0, y1] = padding;
    if (f.dim() == 2) {
        const at::Tensor k = kernel_filter(f, xc, flip_filter, gain);
        return upfirdn2d_pass(xc, k, pass_of(xc, k, up, up, down, down, x0, x1, y0, y1));
    }
    // Rows first, then columns, each with the 1-D taps; the gain once, in the first pass (a
    // square root per pass would make a negative gain NaN).
    const at::Tensor row = kernel_filter(f, xc, flip_filter, gain);
    const at::Tensor across =
        upfirdn2d_pass(xc, row, pass_of(xc, row, up, 1, down, 1, x0, x1, 0, 0));
    const at::Tensor column = kernel_filter(f, xc, flip_filter, 1.0f).view({-1, 1});
    return upfirdn2d_pass(across, column, pass_of(across, column, 1, up, 1, down, 0, 0, y0, y1));
}

}  // namespace detail

at::Tensor upfirdn2d(const at::Tensor& x, const at::Tensor& f, int64_t up, int64_t down,
                     Padding padding, bool flip_filter, float gain) {
    check_arguments(x, f, up, down, padding, gain);
    if (x.requires_grad() && at::GradMode::is_enabled())
        return detail::upfirdn2d_autograd(x, f, up, down, padding, flip_filter, gain);
    return detail::upfirdn2d_forward(x, f, up, down, padding, flip_filter, gain);
}

}  // namespace lk
