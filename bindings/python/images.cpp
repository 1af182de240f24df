// Image functions of `_likeness`: pixels come in through the buffer protocol and are lent to
// the C API in place; results are likeness::Image objects that export their own pixels, so
// numpy wraps them without a copy.
#include "bindings.h"
#include "borrowed.h"

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

constexpr Named<lk_image_format> formats[] = {
    {"png", LK_IMAGE_FORMAT_PNG},
    {"jpeg", LK_IMAGE_FORMAT_JPEG},
};

constexpr Named<lk_resize_filter> filters[] = {
    {"default", LK_RESIZE_DEFAULT},         {"box", LK_RESIZE_BOX},
    {"triangle", LK_RESIZE_TRIANGLE},       {"cubic_bspline", LK_RESIZE_CUBIC_BSPLINE},
    {"catmull_rom", LK_RESIZE_CATMULL_ROM}, {"mitchell", LK_RESIZE_MITCHELL},
};

SaveOptions save_options(const std::optional<std::string>& format, int quality,
                         const std::optional<Provenance>& provenance) {
    SaveOptions options;
    options.format = format ? value_named(formats, *format, "image format")
                            : LK_IMAGE_FORMAT_AUTO;
    options.jpeg_quality = quality;
    options.provenance = provenance;
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
                 const std::optional<std::string>& format,
                 const std::optional<Provenance>& provenance) {
    const BorrowedPixels source(pixels);
    const SaveOptions options = save_options(format, quality, provenance);
    without_gil([&] { save(source.view(), checked_path(path), options); });
}

py::bytes encode_pixels(const py::buffer& pixels, const std::string& format, int quality,
                        const std::optional<Provenance>& provenance) {
    const BorrowedPixels source(pixels);
    const SaveOptions options = save_options(format, quality, provenance);
    const SaveParams params(options);
    // The C API's buffer goes straight into the bytes object: one copy, not two.
    void* data = nullptr;
    size_t size = 0;
    without_gil([&] { check(lk_image_encode(&source.view(), params.get(), &data, &size)); });
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
    m.def("save_image", &save_pixels, "pixels"_a, "path"_a, "quality"_a, "format"_a,
          "provenance"_a);
    m.def("encode_image", &encode_pixels, "pixels"_a, "format"_a, "quality"_a, "provenance"_a);
    m.def("convert_image", &convert_pixels, "pixels"_a, "channels"_a);
    m.def("resize_image", &resize_pixels, "pixels"_a, "width"_a, "height"_a, "filter"_a,
          "linear_light"_a);
}

}  // namespace likeness::python
