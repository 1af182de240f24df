// Borrowing from Python objects for the duration of an SDK call: pixels and bytes through the
// buffer protocol, paths checked for what the C API cannot take.
#pragma once

#include "bindings.h"

#include <algorithm>
#include <cstdint>
#include <limits>
#include <string>

namespace likeness::python {

// Shapes beyond uint32_t saturate, so that the C API's size check rejects them with its message.
inline uint32_t saturated_u32(py::ssize_t value) {
    return uint32_t(std::min<py::ssize_t>(value, std::numeric_limits<uint32_t>::max()));
}

// The C API reads a path up to its first NUL; a path holding one would name another file.
inline const std::string& checked_path(const std::string& path) {
    if (path.find('\0') != std::string::npos) invalid("path contains a NUL byte");
    return path;
}

// The pixels of a uint8 (H, W) or (H, W, C) buffer as an lk_image_view over the same memory.
// The SDK reads interleaved pixels, so the pixel stride must equal the channel count and the
// channel stride 1; rows may lie anywhere at or beyond one row's length apart. Holding the
// buffer keeps the exporter's memory in place while the GIL is released.
class BorrowedPixels {
public:
    explicit BorrowedPixels(const py::buffer& source) : buffer_(source.request()) {
        const py::buffer_info& b = buffer_;
        if (b.format != py::format_descriptor<uint8_t>::format() || b.ndim < 2 || b.ndim > 3)
            invalid("expected uint8 pixels of shape (H, W) or (H, W, C); got a buffer of format '" +
                    b.format + "' with " + std::to_string(b.ndim) + " dimension(s)");
        const py::ssize_t height = b.shape[0], width = b.shape[1];
        const py::ssize_t channels = b.ndim == 3 ? b.shape[2] : 1;
        const py::ssize_t row = width * channels;
        // Strides of a dimension of length 1 are never used, and exporters leave them arbitrary.
        const py::ssize_t row_stride = height == 1 ? row : b.strides[0];
        const bool interleaved = (channels == 1 || b.strides[b.ndim - 1] == 1) &&
                                 (width == 1 || b.strides[1] == channels) && row_stride >= row;
        if (!interleaved)
            invalid("pixels must be interleaved (channel stride 1, pixel stride = channels) with "
                    "rows at least a row apart; copy them with numpy.ascontiguousarray");
        view_ = lk_image_view{saturated_u32(width), saturated_u32(height), saturated_u32(channels),
                              size_t(row_stride), static_cast<const uint8_t*>(b.ptr)};
    }

    const lk_image_view& view() const { return view_; }

private:
    py::buffer_info buffer_;
    lk_image_view view_{};
};

// Encoded bytes borrowed from any contiguous buffer (bytes, bytearray, memoryview, ...);
// holding the buffer stops a bytearray from being resized under the decoder.
class BorrowedBytes {
public:
    explicit BorrowedBytes(const py::buffer& source) {
        if (PyObject_GetBuffer(source.ptr(), &view_, PyBUF_SIMPLE) != 0)
            throw py::error_already_set();
    }
    ~BorrowedBytes() { PyBuffer_Release(&view_); }
    BorrowedBytes(const BorrowedBytes&) = delete;
    BorrowedBytes& operator=(const BorrowedBytes&) = delete;

    const void* data() const { return view_.buf; }
    size_t size() const { return size_t(view_.len); }

private:
    Py_buffer view_{};
};

}  // namespace likeness::python
