// Shared by the source files of the `_likeness` extension module.
#pragma once

#include <likeness/likeness.hpp>

#include <pybind11/pybind11.h>

#include <cstddef>
#include <string>
#include <string_view>

namespace likeness::python {

namespace py = pybind11;

void bind_images(py::module_& m);
void bind_context(py::module_& m);
void bind_gan(py::module_& m);
void bind_train(py::module_& m);
void bind_metrics(py::module_& m);
void bind_provenance(py::module_& m);
void bind_face(py::module_& m);
void bind_diffusion(py::module_& m);

// Runs `work` without the GIL, so that other Python threads run while the SDK computes.
template <typename Work>
auto without_gil(Work&& work) {
    py::gil_scoped_release release;
    return work();
}

// The progress callback of long calls run without the GIL: between steps it takes the GIL back,
// so that Ctrl-C (or any signal handler that raises) stops the call, and its exception reaches
// the caller through the C++ wrapper.
inline bool check_signals(const lk_progress&) {
    py::gil_scoped_acquire gil;
    if (PyErr_CheckSignals() != 0) throw py::error_already_set();
    return true;
}

// A context on `device` for a model that the Python object holds, made without the GIL.
inline Context context_on(const std::string& device) {
    Context::Options options;
    options.device = device;
    return without_gil([&] { return Context(options); });
}

[[noreturn]] inline void invalid(const std::string& message) {
    throw Error(LK_ERR_INVALID_ARGUMENT, message);
}

// One entry of a table that maps the names Python callers pass to C enum values.
template <typename Enum>
struct Named {
    const char* name;
    Enum value;
};

// The value called `name`; an InvalidArgumentError listing the choices for any other name.
template <typename Enum, size_t N>
Enum value_named(const Named<Enum> (&table)[N], std::string_view name, const char* what) {
    std::string choices;
    for (const Named<Enum>& entry : table) {
        if (name == entry.name) return entry.value;
        choices += (choices.empty() ? "'" : ", '") + std::string(entry.name) + "'";
    }
    throw Error(LK_ERR_INVALID_ARGUMENT, "unknown " + std::string(what) + " '" +
                                             std::string(name) + "'; expected one of " + choices);
}

}  // namespace likeness::python
