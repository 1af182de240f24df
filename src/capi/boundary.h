// What every C entry point shares: exceptions become an lk_status plus thread-local text, and
// parameter structs are read only as far as the caller's struct_size reaches.
#pragma once

#include "core/error.h"

#include <likeness/core.h>

#include <algorithm>
#include <cstring>
#include <new>

namespace lk::capi {

void set_last_error(const char* message) noexcept;

// Runs `body`; returns LK_OK, or the status of whatever it threw with its text recorded.
template <typename Body>
lk_status guarded(Body&& body) noexcept {
    try {
        body();
        return LK_OK;
    } catch (const Error& e) {
        set_last_error(e.what());
        return e.status();
    } catch (const std::bad_alloc&) {
        set_last_error("out of memory");
        return LK_ERR_OUT_OF_MEMORY;
    } catch (const std::exception& e) {
        set_last_error(e.what());
        return LK_ERR_INTERNAL;
    } catch (...) {
        set_last_error("unknown internal error");
        return LK_ERR_INTERNAL;
    }
}

template <typename T>
void require(const T* pointer, const char* name) {
    if (!pointer) fail(LK_ERR_INVALID_ARGUMENT, "{} is NULL", name);
}

// The caller's parameters over the defaults: only the first struct_size bytes are read, so a
// caller built against an older (shorter) struct gets defaults for the fields it lacks.
template <typename Params>
Params read_params(const Params* given, void (*init)(Params*), const char* type_name) {
    Params params;
    init(&params);
    if (!given) return params;
    if (given->struct_size < sizeof(uint32_t) || given->struct_size > 4096)
        fail(LK_ERR_INVALID_ARGUMENT, "{}.struct_size is {}; call {}_init() to fill it", type_name,
             given->struct_size, type_name);
    std::memcpy(&params, given, std::min<size_t>(given->struct_size, sizeof(Params)));
    params.struct_size = sizeof(Params);
    return params;
}

// Writes `result` into the caller's struct as far as the caller's struct_size reaches, which it
// keeps: a caller built against an older (shorter) struct gets the fields it knows.
template <typename Out>
void write_out(const Out& result, Out* out, const char* type_name) {
    require(out, "out");
    if (out->struct_size < sizeof(uint32_t) || out->struct_size > 4096)
        fail(LK_ERR_INVALID_ARGUMENT, "{}.struct_size is {}; set it to sizeof({})", type_name,
             out->struct_size, type_name);
    const uint32_t caller_size = out->struct_size;
    std::memcpy(out, &result, std::min<size_t>(caller_size, sizeof(Out)));
    out->struct_size = caller_size;
}

}  // namespace lk::capi
