// The version as text, built from the public header's numbers so that they cannot disagree.
#pragma once

#include <likeness/core.h>

#define LK_STRINGIFY_VALUE(x) #x
#define LK_STRINGIFY(x) LK_STRINGIFY_VALUE(x)

namespace lk {

inline constexpr const char* kVersionString =
    LK_STRINGIFY(LK_VERSION_MAJOR) "." LK_STRINGIFY(LK_VERSION_MINOR) "." LK_STRINGIFY(LK_VERSION_PATCH);

}  // namespace lk
