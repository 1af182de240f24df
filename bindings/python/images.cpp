// Image functions of `_likeness`: pixels come in through the buffer protocol and are lent to
// the C API in place; results are likeness::Image objects that export their own pixels, so
// numpy wraps them without a copy.
#include "bindings.h"

#include <pybind11/stl.h>

#include <algorithm>
#include <cstdint>
#include <limits>
#include <memory>
#include <optional>

namespace likeness::python {
namespace {

// A Python int as the C API's uint32_t; the C API checks the finer range itself.
uint32_t to_u32(int64_t value, const char* name) {
    if (value < 0 || value > int64_t(std::numeric_limits<uint32_t>::max()))
        invalid(std::string(name) + " " + std::to_string(value) + " is out of range");
    return uint32_t(value);
}

// Shapes beyond uint32_t saturate, so that the C API's size check rejects them with its message.
uint32_t saturated_u32(py::ssize_t value) {
    return uint32_t(std::min<py::ssize_t>(value, std::numeric_limits<uint32_t>::max()));
}

// The C API reads a path up to its first NUL; a path holding one would name another file.
const std::string& checked_path(const std::string& path) {
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

constexpr Named<lk_image_format> formats[] = {
    {"png", LK_IMAGE_FORMAT_PNG},
    {"jpeg", LK_IMAGE_FORMAT_JPEG},
};

constexpr Named<lk_resize_filter> filters[] = {
    {"default", LK_RESIZE_DEFAULT},         {"box", LK_RESIZE_BOX},
    {"triangle", LK_RESIZE_TRIANGLE},       {"cubic_bspline", LK_RESIZE_CUBIC_BSPLINE},
    {"catmull_rom", LK_RESIZE_CATMULL_ROM}, {"mitchell", LK_RESIZE_MITCHELL},
};

SaveOptions save_options(const std::optional<std::string>& format, int quality) {
    SaveOptions options;
    options.format = format ? value_named(formats, *format, "image format")
                            : LK_IMAGE_FORMAT_AUTO;
    options.jpeg_quality = quality;
    return options;
}

py::buffer_info export_pixels(Image& image) {
    const lk_image_view v = image.view();
    // The image belongs to this object alone, so its pixels are exported writable.
    return py::buffer_info(image.data(), 1,
                           py::format_descriptor<uint8_t>::format(), 3,
                           {py::ssize_t(v.height), py::ssize_t(v.width), py::ssize_t(v.channels)},
                           {py::ssize_t(v.stride), py::ssize_t(v.channels), py::ssize_t(1)});
}

Image load(const std::string& path, int64_t channels) {
    const uint32_t wanted = to_u32(channels, "channels");
    return without_gil([&] { return Image::load(checked_path(path), wanted); });
}

Image decode(const py::buffer& data, int64_t channels) {
    const uint32_t wanted = to_u32(channels, "channels");
    const BorrowedBytes bytes(data);
    return without_gil([&] { return Image::decode(bytes.data(), bytes.size(), wanted); });
}

void save_pixels(const py::buffer& pixels, const std::string& path, int quality,
                 const std::optional<std::string>& format) {
    const BorrowedPixels source(pixels);
    const SaveOptions options = save_options(format, quality);
    without_gil([&] { save(source.view(), checked_path(path), options); });
}

py::bytes encode_pixels(const py::buffer& pixels, const std::string& format, int quality) {
    const BorrowedPixels source(pixels);
    const lk_image_save_params params = save_params(save_options(format, quality));
    // The C API's buffer goes straight into the bytes object: one copy, not two.
    void* data = nullptr;
    size_t size = 0;
    without_gil([&] { check(lk_image_encode(&source.view(), &params, &data, &size)); });
    const std::unique_ptr<void, void (*)(void*)> owned(data, lk_buffer_free);
    return py::bytes(static_cast<const char*>(data), py::ssize_t(size));
}

Image convert_pixels(const py::buffer& pixels, int64_t channels) {
    const BorrowedPixels source(pixels);
    const uint32_t wanted = to_u32(channels, "channels");
    return without_gil([&] { return convert(source.view(), wanted); });
}

Image resize_pixels(const py::buffer& pixels, int64_t width, int64_t height,
                    const std::string& filter, bool linear_light) {
    const BorrowedPixels source(pixels);
    const uint32_t w = to_u32(width, "width"), h = to_u32(height, "height");
    const lk_resize_filter chosen = value_named(filters, filter, "resize filter");
    return without_gil([&] { return resize(source.view(), w, h, chosen, linear_light); });
}

}  // namespace

void bind_images(py::module_& m) {
    py::class_<Image>(m, "Image", py::buffer_protocol(),
                      "Pixels owned by the SDK, exported as a (H, W, C) uint8 buffer.")
        .def_buffer(&export_pixels);

    using namespace pybind11::literals;
    m.def("load_image", &load, "path"_a, "channels"_a);
    m.def("decode_image", &decode, "data"_a, "channels"_a);
    m.def("save_image", &save_pixels, "pixels"_a, "path"_a, "quality"_a, "format"_a);
    m.def("encode_image", &encode_pixels, "pixels"_a, "format"_a, "quality"_a);
    m.def("convert_image", &convert_pixels, "pixels"_a, "channels"_a);
    m.def("resize_image", &resize_pixels, "pixels"_a, "width"_a, "height"_a, "filter"_a,
          "linear_light"_a);
}

}  // namespace likeness::python
