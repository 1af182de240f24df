// A CPU context for the tests of internals that take one (interrupts, logging), without linking
// the C ABI for lk_context_params_init.
#pragma once

#include "core/context.h"

namespace lk::test {

inline lk_context_params cpu_context_params(lk_log_level log_level = LK_LOG_NONE) {
    lk_context_params params{};
    params.struct_size = sizeof params;
    params.device = "cpu";
    params.log_level = log_level;
    return params;
}

}  // namespace lk::test
