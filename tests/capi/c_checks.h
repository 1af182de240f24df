/* What the C test programs share: a printed line per check, the failures' last error, and the
 * summary that decides the exit status. For the one source file of each program. */
#ifndef LIKENESS_TESTS_C_CHECKS_H
#define LIKENESS_TESTS_C_CHECKS_H

#include <likeness/likeness.h>

#include <stdio.h>
#include <string.h>

static int passed = 0, failed = 0;

static inline void check(int ok, const char* what) {
    printf("%s: %s\n", ok ? "ok" : "FAILED", what);
    if (!ok) printf("  last error: %s\n", lk_last_error());
    if (ok) ++passed; else ++failed;
}

static inline int contains(const char* text, const char* part) {
    return strstr(text, part) != NULL;
}

/* The call failed as bad input, with a sentence that names `part`. */
static inline int refused(lk_status status, const char* part) {
    return status == LK_ERR_INVALID_ARGUMENT && contains(lk_last_error(), part);
}

/* What a long call's progress callback saw; it cancels after `cancel_after` calls (0: never). */
typedef struct progress_log {
    int calls;
    uint64_t last_done, last_total;
    const char* stage;
    int cancel_after;
} progress_log;

/* An lk_progress_fn that records into the progress_log `user` points to. */
static inline int on_progress(const lk_progress* progress, void* user) {
    progress_log* log = (progress_log*)user;
    ++log->calls;
    log->last_done = progress->done;
    log->last_total = progress->total;
    log->stage = progress->stage;
    return log->cancel_after && log->calls >= log->cancel_after;
}

/* Prints the counts; main returns what this returns. */
static inline int summary(void) {
    printf("%d passed, %d failed\n", passed, failed);
    return failed ? 1 : 0;
}

#endif /* LIKENESS_TESTS_C_CHECKS_H */
