/*
 * likeness/core.h: status codes, versions, errors and the context.
 *
 * Conventions shared by every Likeness header:
 * - Every fallible call returns lk_status; LK_OK is 0. Results come back through out-parameters,
 *   which are left untouched on failure.
 * - lk_last_error() describes the most recent failure on the calling thread.
 * - Whatever the SDK allocates, the SDK frees; every *_free accepts NULL.
 * - Parameter structs start with `uint32_t struct_size`; call the matching *_params_init() first.
 *   The library reads only the fields that struct_size covers, so code built against an older
 *   header keeps working with a newer library.
 * - No C++ exception ever crosses this interface.
 */
#ifndef LIKENESS_CORE_H
#define LIKENESS_CORE_H

#include <stddef.h>
#include <stdint.h>

#if defined(_WIN32)
#  if defined(LIKENESS_BUILDING)
#    define LK_API __declspec(dllexport)
#  else
#    define LK_API __declspec(dllimport)
#  endif
#elif defined(__GNUC__)
#  define LK_API __attribute__((visibility("default")))
#else
#  define LK_API
#endif

#ifdef __cplusplus
extern "C" {
#endif

#define LK_VERSION_MAJOR 0
#define LK_VERSION_MINOR 1
#define LK_VERSION_PATCH 0
/* MAJOR * 10000 + MINOR * 100 + PATCH, comparable with lk_version(). */
#define LK_VERSION (LK_VERSION_MAJOR * 10000 + LK_VERSION_MINOR * 100 + LK_VERSION_PATCH)
/* Bumped whenever a change breaks binary compatibility; compare with lk_abi_version(). */
#define LK_ABI_VERSION 1

typedef enum lk_status {
    LK_OK = 0,
    LK_ERR_INVALID_ARGUMENT = 1, /* a parameter is out of range, NULL, NaN or inconsistent */
    LK_ERR_IO = 2,               /* a file could not be opened, read or written */
    LK_ERR_FORMAT = 3,           /* a file or buffer is not in the expected format */
    LK_ERR_UNSUPPORTED = 4,      /* valid request this build or machine cannot serve (e.g. CUDA) */
    LK_ERR_OUT_OF_MEMORY = 5,
    LK_ERR_CANCELLED = 6,        /* stopped by lk_context_interrupt() or a progress callback */
    LK_ERR_INTERNAL = 7          /* a bug in Likeness: please report it with lk_last_error() */
} lk_status;

/* Static name of a status, e.g. "LK_ERR_IO"; "LK_ERR_UNKNOWN" for values not listed. */
LK_API const char* lk_status_string(lk_status status);

/* Text of the most recent failure on the calling thread ("" if none yet). Successful calls leave
 * it unchanged. Owned by the SDK; valid until the next failing call on this thread. */
LK_API const char* lk_last_error(void);

/* Version of the loaded library, as LK_VERSION. */
LK_API uint32_t lk_version(void);
/* "MAJOR.MINOR.PATCH"; static storage. */
LK_API const char* lk_version_string(void);
/* The loaded library's LK_ABI_VERSION: refuse to run if it differs from the header's. */
LK_API uint32_t lk_abi_version(void);

typedef enum lk_log_level {
    LK_LOG_DEBUG = 0,
    LK_LOG_INFO = 1,
    LK_LOG_WARN = 2,
    LK_LOG_ERROR = 3,
    LK_LOG_NONE = 4 /* as a threshold: log nothing */
} lk_log_level;

/* Receives each message at or above the context's level. `message` is valid during the call only.
 * May be called from any thread that uses the context, so it must be thread-safe. */
typedef void (*lk_log_fn)(lk_log_level level, const char* message, void* user);

/* A context holds the device, the thread count and the log sink that later calls use.
 * Threading: one context may be shared by many threads. */
typedef struct lk_context lk_context;

typedef struct lk_context_params {
    uint32_t struct_size;   /* sizeof(lk_context_params) */
    const char* device;     /* "cpu" (default), "cuda", "cuda:N" or "auto" (CUDA if available) */
    int32_t num_threads;    /* CPU threads for the compute library; 0 leaves its default. The
                               compute library has one pool per process: the last context
                               created with a non-zero value sets it for all. */
    lk_log_level log_level; /* default LK_LOG_WARN */
    lk_log_fn log_callback; /* NULL: messages go to stderr */
    void* log_user;         /* passed to log_callback */
} lk_context_params;

/* Fills *params with the defaults above. */
LK_API void lk_context_params_init(lk_context_params* params);

/* Creates a context. Asking for "cuda" where no CUDA device is usable fails with
 * LK_ERR_UNSUPPORTED (never a silent fallback to the CPU); an unknown device string is
 * LK_ERR_INVALID_ARGUMENT. params may be NULL for the defaults. Free with lk_context_free(). */
LK_API lk_status lk_context_create(const lk_context_params* params, lk_context** out);
LK_API void lk_context_free(lk_context* ctx);

/* The device the context resolved to, e.g. "cpu" or "cuda:0". Owned by the context. */
LK_API const char* lk_context_device(const lk_context* ctx);

/* Asks every running and later long call on this context to stop; they return LK_ERR_CANCELLED
 * until lk_context_resume() is called. Safe from any thread and from signal handlers. */
LK_API lk_status lk_context_interrupt(lk_context* ctx);
/* Clears an interrupt so that later calls run again. */
LK_API lk_status lk_context_resume(lk_context* ctx);
/* Non-zero while the context is interrupted. */
LK_API int lk_context_is_interrupted(const lk_context* ctx);

/* Where a long call stands, passed to its progress callback after each step. */
typedef struct lk_progress {
    uint32_t struct_size; /* sizeof(lk_progress) in the library that calls: fields are appended */
    uint64_t done;        /* steps finished, 1..total */
    uint64_t total;       /* steps in the whole call */
    const char* stage;    /* what the steps are, e.g. "generate"; static storage */
} lk_progress;

/* Per-call progress callback. Called on the thread that made the call, between steps; a
 * non-zero return stops the call, which then fails with LK_ERR_CANCELLED. `progress` is valid
 * during the callback only. */
typedef int (*lk_progress_fn)(const lk_progress* progress, void* user);

/* A JSON object describing the build (version, ABI, options, compiler), the compute library
 * (version, CUDA build, thread count) and the devices present. Owned by the context; valid until
 * the next lk_context_describe() on it or its free. */
LK_API lk_status lk_context_describe(lk_context* ctx, const char** out_json);

/* Sends a message through the context's log sink (lets applications share one sink). */
LK_API void lk_context_log(const lk_context* ctx, lk_log_level level, const char* message);

/* Frees a NUL-terminated string that a call returned as char* (JSON documents, summaries). */
LK_API void lk_string_free(char* text);

#ifdef __cplusplus
}
#endif

#endif /* LIKENESS_CORE_H */
