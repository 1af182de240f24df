// Values the SDK made, exported to Python as an N-dimensional buffer that numpy adopts in place
// (registered as FloatArray and ByteArray by bind_gan).
#pragma once

#include "bindings.h"

#include <algorithm>
#include <cstdint>
#include <vector>

namespace likeness::python {

template <typename T>
struct Owned {
    std::vector<T> values;
    std::vector<py::ssize_t> shape;
};

template <typename T>
py::buffer_info export_owned(Owned<T>& owned) {
    std::vector<py::ssize_t> strides(owned.shape.size());
    py::ssize_t step = sizeof(T);
    for (size_t i = owned.shape.size(); i-- > 0;) {
        strides[i] = step;
        step *= owned.shape[i];
    }
    return py::buffer_info(owned.values.data(), sizeof(T), py::format_descriptor<T>::format(),
                           py::ssize_t(owned.shape.size()), owned.shape, strides);
}

using Floats = Owned<float>;
using Bytes = Owned<uint8_t>;

// Images of one size as one (N, H, W, C) array.
inline Bytes stacked(const std::vector<Image>& images) {
    if (images.empty()) return {};
    const lk_image_view first = images[0].view();
    const size_t each = size_t(first.width) * first.height * first.channels;
    Bytes bytes{std::vector<uint8_t>(images.size() * each),
                {py::ssize_t(images.size()), py::ssize_t(first.height), py::ssize_t(first.width),
                 py::ssize_t(first.channels)}};
    for (size_t i = 0; i < images.size(); ++i)
        std::copy_n(images[i].view().data, each, bytes.values.data() + i * each);
    return bytes;
}

}  // namespace likeness::python
