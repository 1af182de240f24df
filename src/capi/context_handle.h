// What an lk_context is, for every C entry point that takes one.
#pragma once

#include "core/context.h"

#include <likeness/core.h>

struct lk_context {
    lk::Context context;
};
