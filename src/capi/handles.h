// The C handles that more than one area of the C ABI opens: a context is read by every model,
// and images are made by image.h's functions and by the generators alike.
#pragma once

#include "core/context.h"
#include "core/image.h"

#include <c10/core/Device.h>

struct lk_context {
    lk::Context context;
};

struct lk_image {
    lk::Image image;
};

namespace lk::capi {

inline lk_image* wrap(lk::Image&& image) { return new lk_image{std::move(image)}; }

// The torch device of the context's device, for the models it loads or trains.
inline c10::Device torch_device(const lk_context& ctx) {
    const lk::Device& device = ctx.context.device();
    return device.cuda ? c10::Device(c10::kCUDA, c10::DeviceIndex(device.index))
                       : c10::Device(c10::kCPU);
}

}  // namespace lk::capi
