// C ABI: likeness/metrics.h
#include "capi/boundary.h"
#include "capi/handles.h"
#include "metrics/evaluate.h"

#include <likeness/metrics.h>

#include <algorithm>
#include <cstring>
#include <limits>

using lk::capi::guarded;
using lk::capi::read_params;
using lk::capi::require;

extern "C" {

void lk_metrics_params_init(lk_metrics_params* params) {
    if (!params) return;
    *params = lk_metrics_params{};
    params->struct_size = sizeof(lk_metrics_params);
    params->num_generated = 50000;
    params->batch_size = 64;
    params->fid = 1;
    params->kid = 1;
    params->kid_subsets = 100;
    params->kid_subset_size = 1000;
    params->kid_seed = 0;
}

lk_status lk_metrics_evaluate_gan(lk_context* ctx, const char* model, const char* data_source,
                                  const char* inception, const lk_metrics_params* params,
                                  lk_metrics_result* out) {
    return guarded([&] {
        require(ctx, "ctx");
        require(model, "model");
        require(data_source, "data_source");
        require(inception, "inception");
        require(out, "out");
        if (out->struct_size < sizeof(uint32_t) || out->struct_size > 4096)
            lk::fail(LK_ERR_INVALID_ARGUMENT, "lk_metrics_result.struct_size is {}; set it to "
                     "sizeof(lk_metrics_result)", out->struct_size);
        const auto p = read_params(params, lk_metrics_params_init, "lk_metrics_params");
        lk::metrics::EvaluationOptions options;
        options.num_generated = p.num_generated;
        options.batch_size = p.batch_size;
        options.fid = p.fid != 0;
        options.kid = p.kid != 0;
        options.kid_options.num_subsets = p.kid_subsets;
        options.kid_options.max_subset_size = p.kid_subset_size;
        options.kid_options.seed = p.kid_seed;
        const lk::metrics::Evaluation evaluation = lk::metrics::evaluate_generator(
            ctx->context, lk::capi::torch_device(*ctx), model, data_source, inception, options);

        constexpr double none = std::numeric_limits<double>::quiet_NaN();
        lk_metrics_result result{};
        result.struct_size = out->struct_size;
        result.fid = evaluation.fid.value_or(none);
        result.kid = evaluation.kid.value_or(none);
        result.num_real = uint64_t(evaluation.num_real);
        result.num_generated = uint64_t(evaluation.num_generated);
        std::memcpy(out, &result, std::min<size_t>(out->struct_size, sizeof result));
    });
}

}  // extern "C"
