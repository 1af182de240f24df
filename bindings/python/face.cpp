// Face functions of `_likeness`: the analyzer over numpy pixels, faces whose landmarks and
// descriptors come out as numpy arrays, the descriptor distance and annotation.
#include "bindings.h"
#include "borrowed.h"

#include <pybind11/numpy.h>
#include <pybind11/stl.h>

#include <optional>

namespace likeness::python {
namespace {

const Named<lk_face_detector> detectors[] = {{"ssd", LK_FACE_DETECTOR_SSD},
                                             {"tiny", LK_FACE_DETECTOR_TINY}};

// An analyzer with the context it runs under, which must outlive it.
class PythonFaceAnalyzer {
public:
    PythonFaceAnalyzer(const std::optional<std::string>& models, const FaceOptions& options)
        : analyzer_(without_gil([&] {
              return FaceAnalyzer::open(context_, models ? checked_path(*models) : std::string(),
                                        options);
          })) {}

    std::vector<Face> analyze(const py::buffer& pixels) const {
        const BorrowedPixels source(pixels);
        return without_gil([&] { return analyzer_.analyze(source.view()).faces; });
    }

    // (JSON report, readable summary)
    std::pair<std::string, std::string> check_selfies(const std::vector<std::string>& paths) const {
        for (const std::string& path : paths) checked_path(path);
        const FaceAnalyzer::SelfieCheck check =
            without_gil([&] { return analyzer_.check_selfies(paths, check_signals); });
        return {check.json, check.text};
    }

    std::string assess_generated(const py::buffer& pixels) const {
        const BorrowedPixels source(pixels);
        return without_gil([&] { return analyzer_.assess_generated(source.view()); });
    }

private:
    Context context_;
    FaceAnalyzer analyzer_;
};

FaceOptions options_of(const std::string& detector, bool tiny_landmarks, bool descriptors,
                       bool quality, float min_confidence, uint32_t max_faces,
                       uint32_t tiny_input_size, const std::optional<std::string>& scoring_config,
                       bool bfloat16) {
    FaceOptions options;
    if (scoring_config) options.scoring_config = checked_path(*scoring_config);
    options.detector = value_named(detectors, detector, "detector");
    options.tiny_landmarks = tiny_landmarks;
    options.descriptors = descriptors;
    options.quality = quality;
    options.min_confidence = min_confidence;
    options.max_faces = max_faces;
    options.tiny_input_size = tiny_input_size;
    options.bfloat16 = bfloat16;
    return options;
}

py::tuple box_tuple(const lk_face_box& b) { return py::make_tuple(b.x, b.y, b.width, b.height); }

py::array_t<float> landmark_array(const Face& face) {
    py::array_t<float> points({LK_FACE_LANDMARKS, 2});
    float* out = points.mutable_data();
    for (const lk_face_point& p : face.landmarks) *out++ = p.x, *out++ = p.y;
    return points;
}

std::optional<py::array_t<float>> descriptor_array(const Face& face) {
    if (!face.descriptor) return std::nullopt;
    return py::array_t<float>(std::vector<py::ssize_t>{LK_FACE_DESCRIPTOR_SIZE}, face.descriptor->data());
}

py::dict measure_dict(const Face& face) {
    py::dict measures;
    for (const QualityMeasure& m : face.measures) measures[py::str(m.id)] = py::make_tuple(m.raw, m.component);
    return measures;
}

using Floats = py::array_t<float, py::array::c_style | py::array::forcecast>;

const FaceDescriptor& descriptor_of(const Floats& values, const char* name, FaceDescriptor& storage) {
    if (values.size() != LK_FACE_DESCRIPTOR_SIZE)
        invalid(std::string(name) + " has " + std::to_string(values.size()) + " values; a face descriptor has " +
                std::to_string(LK_FACE_DESCRIPTOR_SIZE));
    std::copy_n(values.data(), LK_FACE_DESCRIPTOR_SIZE, storage.begin());
    return storage;
}

float distance(const Floats& a, const Floats& b) {
    FaceDescriptor first, second;
    return face_distance(descriptor_of(a, "a", first), descriptor_of(b, "b", second));
}

Image annotate_faces(const py::buffer& pixels, const std::vector<Face>& faces) {
    const BorrowedPixels source(pixels);
    const lk_image_view& view = source.view();
    return without_gil([&] { return annotate(view, FaceReport{view.width, view.height, faces}); });
}

}  // namespace

void bind_face(py::module_& m) {
    using namespace pybind11::literals;
    py::class_<Face>(m, "Face", "One face: detection, 68 landmarks, descriptor and quality.")
        .def_readonly("score", &Face::score)
        .def_property_readonly("box", [](const Face& f) { return box_tuple(f.box); })
        .def_property_readonly("landmarks", &landmark_array)
        .def_property_readonly("descriptor", &descriptor_array)
        .def_property_readonly("descriptor_box", [](const Face& f) { return box_tuple(f.descriptor_box); })
        .def_readonly("quality", &Face::quality)
        .def_property_readonly("measures", &measure_dict)
        .def("__repr__", [](const Face& f) {
            return "Face(score=" + std::to_string(f.score) + ", box=" + py::repr(box_tuple(f.box)).cast<std::string>() + ")";
        });

    py::class_<PythonFaceAnalyzer>(m, "FaceAnalyzer")
        .def(py::init([](const std::optional<std::string>& models, const std::string& detector,
                         bool tiny_landmarks, bool descriptors, bool quality, float min_confidence,
                         uint32_t max_faces, uint32_t tiny_input_size,
                         const std::optional<std::string>& scoring_config, bool bfloat16) {
                 return new PythonFaceAnalyzer(models, options_of(detector, tiny_landmarks, descriptors, quality,
                                                                  min_confidence, max_faces, tiny_input_size,
                                                                  scoring_config, bfloat16));
             }),
             "models"_a, "detector"_a, "tiny_landmarks"_a, "descriptors"_a, "quality"_a,
             "min_confidence"_a, "max_faces"_a, "tiny_input_size"_a, "scoring_config"_a, "bfloat16"_a)
        .def("analyze", &PythonFaceAnalyzer::analyze, "pixels"_a)
        .def("check_selfies", &PythonFaceAnalyzer::check_selfies, "paths"_a)
        .def("assess_generated", &PythonFaceAnalyzer::assess_generated, "pixels"_a);

    m.attr("SAME_PERSON_DISTANCE") = LK_FACE_SAME_PERSON_DISTANCE;
    m.def("face_distance", &distance, "a"_a, "b"_a);
    m.def("annotate_faces", &annotate_faces, "pixels"_a, "faces"_a);
}

}  // namespace likeness::python
