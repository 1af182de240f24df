// C ABI: likeness/core.h
#include "capi/boundary.h"
#include "capi/handles.h"
#include "core/version.h"

#include <cstdlib>
#include <string>

namespace lk::capi {

namespace {
thread_local std::string last_error;
}

void set_last_error(const char* message) noexcept {
    try {
        last_error = message;
    } catch (...) {
        // Keep the previous text rather than throw across the boundary.
    }
}

}  // namespace lk::capi

using lk::capi::guarded;
using lk::capi::require;

extern "C" {

const char* lk_status_string(lk_status status) {
    switch (status) {
    case LK_OK: return "LK_OK";
    case LK_ERR_INVALID_ARGUMENT: return "LK_ERR_INVALID_ARGUMENT";
    case LK_ERR_IO: return "LK_ERR_IO";
    case LK_ERR_FORMAT: return "LK_ERR_FORMAT";
    case LK_ERR_UNSUPPORTED: return "LK_ERR_UNSUPPORTED";
    case LK_ERR_OUT_OF_MEMORY: return "LK_ERR_OUT_OF_MEMORY";
    case LK_ERR_CANCELLED: return "LK_ERR_CANCELLED";
    case LK_ERR_INTERNAL: return "LK_ERR_INTERNAL";
    }
    return "LK_ERR_UNKNOWN";
}

const char* lk_last_error(void) { return lk::capi::last_error.c_str(); }

uint32_t lk_version(void) { return LK_VERSION; }

const char* lk_version_string(void) { return lk::kVersionString; }

uint32_t lk_abi_version(void) { return LK_ABI_VERSION; }

void lk_context_params_init(lk_context_params* params) {
    if (!params) return;
    *params = lk_context_params{};
    params->struct_size = sizeof(lk_context_params);
    params->device = "cpu";
    params->num_threads = 0;
    params->log_level = LK_LOG_WARN;
}

lk_status lk_context_create(const lk_context_params* params, lk_context** out) {
    return guarded([&] {
        require(out, "out");
        const auto p = lk::capi::read_params(params, lk_context_params_init, "lk_context_params");
        *out = new lk_context{lk::Context(p)};
    });
}

void lk_context_free(lk_context* ctx) { delete ctx; }

const char* lk_context_device(const lk_context* ctx) {
    return ctx ? ctx->context.device_name().c_str() : "";
}

lk_status lk_context_interrupt(lk_context* ctx) {
    if (!ctx) return LK_ERR_INVALID_ARGUMENT;  // no error text: must stay signal-safe
    ctx->context.interrupt();
    return LK_OK;
}

lk_status lk_context_resume(lk_context* ctx) {
    return guarded([&] {
        require(ctx, "ctx");
        ctx->context.resume();
    });
}

int lk_context_is_interrupted(const lk_context* ctx) {
    return ctx && ctx->context.interrupted() ? 1 : 0;
}

lk_status lk_context_describe(lk_context* ctx, const char** out_json) {
    return guarded([&] {
        require(ctx, "ctx");
        require(out_json, "out_json");
        *out_json = ctx->context.describe();
    });
}

void lk_string_free(char* text) { std::free(text); }

void lk_context_log(const lk_context* ctx, lk_log_level level, const char* message) {
    if (!ctx || !message) return;
    try {
        ctx->context.log(level, message);
    } catch (...) {
        // Logging must never fail the caller.
    }
}

}  // extern "C"
