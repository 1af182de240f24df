/*
 * likeness.h: the Likeness C API (C99). Include this one header and link liblikeness.
 *
 * Per-area headers beside it:
 *   core.h   status codes, errors, versions, the context (device, threads, logging, interrupt)
 *   image.h  image decode/encode, channel conversion, resizing
 */
#ifndef LIKENESS_H
#define LIKENESS_H

#include "core.h"
#include "image.h"
#include "metrics.h"

#endif /* LIKENESS_H */
