// The C handles that more than one area of the C ABI opens: a context is read by every model,
// and images are made by image.h's functions and by the generators alike.
#pragma once

#include "core/context.h"
#include "core/image.h"

struct lk_context {
    lk::Context context;
};

struct lk_image {
    lk::Image image;
};

namespace lk::capi {

inline lk_image* wrap(lk::Image&& image) { return new lk_image{std::move(image)}; }

}  // namespace lk::capi
