#include "core/context.h"

#include "core/error.h"
#include "core/version.h"

#include <ATen/Parallel.h>
#include <torch/version.h>

#include <nlohmann/json.hpp>

#include <cstdio>

namespace lk {

Context::Context(const lk_context_params& params)
    : device_(resolve_device(params.device)),
      device_name_(device_.name()),
      log_level_(params.log_level),
      log_callback_(params.log_callback),
      log_user_(params.log_user) {
    if (params.log_level < LK_LOG_DEBUG || params.log_level > LK_LOG_NONE)
        fail(LK_ERR_INVALID_ARGUMENT, "log level {} is unknown; expected LK_LOG_DEBUG (0) .. "
             "LK_LOG_NONE (4)", int(params.log_level));
    if (params.num_threads < 0 || params.num_threads > 4096)
        fail(LK_ERR_INVALID_ARGUMENT, "num_threads {} is out of range; expected 0 (library "
             "default) to 4096", params.num_threads);
    if (params.num_threads > 0) at::set_num_threads(params.num_threads);
    log(LK_LOG_DEBUG, fmt::format("context created on {} with {} CPU thread(s)", device_name_,
                                  at::get_num_threads()));
}

void Context::log(lk_log_level level, const std::string& message) const {
    if (level < log_level_ || level >= LK_LOG_NONE) return;
    if (log_callback_) {
        log_callback_(level, message.c_str(), log_user_);
        return;
    }
    static const char* const names[] = {"debug", "info", "warn", "error"};
    std::fprintf(stderr, "likeness [%s]: %s\n", names[level], message.c_str());
}

void Context::check_interrupt() const {
    if (interrupted())
        fail(LK_ERR_CANCELLED, "cancelled: lk_context_interrupt() was called on this context "
             "(lk_context_resume() lets calls run again)");
}

const char* Context::describe() {
    using nlohmann::json;
    json devices = json::array({json{{"name", "cpu"}, {"threads", at::get_num_threads()}}});
    int ordinal = 0;
    for (const CudaDevice& d : cuda_devices())
        devices.push_back({{"name", fmt::format("cuda:{}", ordinal++)},
                           {"model", d.name},
                           {"compute_capability", fmt::format("{}.{}", d.major, d.minor)},
                           {"memory_bytes", d.total_memory}});
    const json description = {
        {"likeness",
         {{"version", kVersionString},
          {"abi", LK_ABI_VERSION},
          {"build_type", LIKENESS_BUILD_TYPE},
          {"compiler", LIKENESS_COMPILER},
          {"cuda_kernels", bool(LIKENESS_CUDA)}}},
        {"torch",
         {{"version", TORCH_VERSION},
          {"cuda_build", torch_cuda_built()},
          {"parallel", at::get_parallel_info()}}},
        {"context", {{"device", device_name_}, {"interrupted", interrupted()}}},
        {"devices", devices},
    };
    std::lock_guard lock(describe_mutex_);
    description_ = description.dump(2, ' ', false, json::error_handler_t::replace);
    return description_.c_str();
}

}  // namespace lk
