// Provenance functions of `_likeness`: the watermark on numpy pixels, marking and inspecting
// files, and the Provenance record that save_image and Gan.provenance() carry.
#include "bindings.h"
#include "borrowed.h"

#include <pybind11/stl.h>

#include <optional>

namespace likeness::python {
namespace {

Image embed(const py::buffer& pixels, uint32_t payload, uint64_t key) {
    const BorrowedPixels source(pixels);
    return without_gil([&] { return watermark(source.view(), payload, key); });
}

lk_watermark_result detect(const py::buffer& pixels, uint64_t key) {
    const BorrowedPixels source(pixels);
    return without_gil([&] { return detect_watermark(source.view(), key); });
}

ProvenanceReport inspect_path(const std::string& path, uint64_t key) {
    return without_gil([&] { return inspect(checked_path(path), key); });
}

ProvenanceReport inspect_bytes(const py::buffer& data, uint64_t key) {
    const BorrowedBytes bytes(data);
    return without_gil([&] { return inspect(bytes.data(), bytes.size(), key); });
}

void mark(const std::string& in_path, const std::string& out_path, const Provenance& provenance,
          int quality) {
    SaveOptions options;
    options.jpeg_quality = quality;
    without_gil([&] { mark_file(checked_path(in_path), checked_path(out_path), provenance, options); });
}

}  // namespace

void bind_provenance(py::module_& m) {
    using namespace pybind11::literals;
    py::enum_<lk_source_type>(m, "SourceType")
        .value("UNSTATED", LK_SOURCE_UNSTATED)
        .value("TRAINED_ALGORITHMIC", LK_SOURCE_TRAINED_ALGORITHMIC)
        .value("COMPOSITE_TRAINED", LK_SOURCE_COMPOSITE_TRAINED)
        .value("OTHER", LK_SOURCE_OTHER);

    py::class_<Provenance>(m, "Provenance")
        .def(py::init<>())
        .def_readwrite("source_type", &Provenance::source_type)
        .def_readwrite("software", &Provenance::software)
        .def_readwrite("model_name", &Provenance::model_name)
        .def_readwrite("model_hash", &Provenance::model_hash)
        .def_readwrite("seed", &Provenance::seed)
        .def_readwrite("prompt", &Provenance::prompt)
        .def_readwrite("watermark", &Provenance::watermark)
        .def_readwrite("payload", &Provenance::payload)
        .def_readwrite("key", &Provenance::key);

    py::class_<lk_watermark_result>(m, "WatermarkResult")
        .def_property_readonly("found", [](const lk_watermark_result& r) { return r.found != 0; })
        .def_readonly("payload", &lk_watermark_result::payload)
        .def_readonly("p_value", &lk_watermark_result::p_value)
        .def_readonly("matched_bits", &lk_watermark_result::matched_bits)
        .def_readonly("voted_bits", &lk_watermark_result::voted_bits)
        .def_readonly("strength", &lk_watermark_result::strength)
        .def_property_readonly("grid", [](const lk_watermark_result& r) {
            return py::make_tuple(r.grid_x, r.grid_y);
        });

    py::class_<ProvenanceReport>(m, "ProvenanceReport")
        .def_readonly("width", &ProvenanceReport::width)
        .def_readonly("height", &ProvenanceReport::height)
        .def_readonly("has_metadata", &ProvenanceReport::has_metadata)
        .def_readonly("metadata_error", &ProvenanceReport::metadata_error)
        .def_readonly("source_type", &ProvenanceReport::source_type)
        .def_readonly("digital_source_type", &ProvenanceReport::digital_source_type)
        .def_readonly("software", &ProvenanceReport::software)
        .def_readonly("model_name", &ProvenanceReport::model_name)
        .def_readonly("model_hash", &ProvenanceReport::model_hash)
        .def_readonly("prompt", &ProvenanceReport::prompt)
        .def_readonly("seed", &ProvenanceReport::seed)
        .def_readonly("stated_payload", &ProvenanceReport::stated_payload)
        .def_readonly("watermark", &ProvenanceReport::watermark);

    m.attr("DEFAULT_WATERMARK_KEY") = py::int_(LK_WATERMARK_DEFAULT_KEY);
    m.attr("WATERMARK_MIN_SIDE") = LK_WATERMARK_MIN_SIDE;
    m.attr("WATERMARK_THRESHOLD") = LK_WATERMARK_THRESHOLD;
    m.def("embed_watermark", &embed, "pixels"_a, "payload"_a, "key"_a);
    m.def("detect_watermark", &detect, "pixels"_a, "key"_a);
    m.def("inspect_path", &inspect_path, "path"_a, "key"_a);
    m.def("inspect_bytes", &inspect_bytes, "data"_a, "key"_a);
    m.def("mark_file", &mark, "in_path"_a, "out_path"_a, "provenance"_a, "quality"_a);
}

}  // namespace likeness::python
