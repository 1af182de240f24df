// The `likeness._likeness` extension module: the C API through likeness.hpp, nothing else.
// The pure-Python package around it turns the images it returns into numpy arrays.
#include "bindings.h"

namespace likeness::python {
namespace {

// Raises the likeness.errors class that matches the status, so that Python code catches SDK
// failures by kind (and by the builtin each kind also derives from).
void raise_as_python(const Error& error) {
    try {
        const py::object exception =
            py::module_::import("likeness.errors").attr("_from_status")(error.status_name(),
                                                                        error.what());
        PyErr_SetObject(reinterpret_cast<PyObject*>(Py_TYPE(exception.ptr())), exception.ptr());
    } catch (py::error_already_set& failure) {
        // The error module itself failed to load: report that rather than lose both.
        failure.restore();
    }
}

}  // namespace
}  // namespace likeness::python

PYBIND11_MODULE(_likeness, m) {
    namespace py = likeness::python::py;
    // A module built for another ABI must not load: its structs would be read wrongly.
    likeness::check_abi();
    py::register_exception_translator([](std::exception_ptr pending) {
        try {
            if (pending) std::rethrow_exception(pending);
        } catch (const likeness::Error& error) {
            likeness::python::raise_as_python(error);
        }
    });

    m.doc() = "Likeness C API bindings; use the `likeness` package rather than this module.";
    m.attr("__version__") = likeness::version();
    m.def("abi_version", &lk_abi_version, "ABI version of the loaded liblikeness.");
    likeness::python::bind_images(m);
    likeness::python::bind_context(m);
    likeness::python::bind_gan(m);
    likeness::python::bind_train(m);
    likeness::python::bind_metrics(m);
    likeness::python::bind_provenance(m);
    likeness::python::bind_face(m);
    likeness::python::bind_diffusion(m);
}
