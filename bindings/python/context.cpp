// likeness.Context: an lk_context whose log sink may be a Python callable.
#include "bindings.h"

#include <cstring>
#include <utility>

namespace likeness::python {
namespace {

constexpr Named<lk_log_level> log_levels[] = {
    {"debug", LK_LOG_DEBUG}, {"info", LK_LOG_INFO}, {"warn", LK_LOG_WARN},
    {"error", LK_LOG_ERROR}, {"none", LK_LOG_NONE},
};

const char* level_name(lk_log_level level) {
    for (const Named<lk_log_level>& entry : log_levels)
        if (entry.value == level) return entry.name;
    return "unknown";
}

// The C log callback. The SDK may call it from any thread, with or without the GIL held by
// that thread's Python code, so it takes the GIL itself. An exception in the Python callable
// cannot travel back through C: it is reported the way Python reports errors in callbacks.
void forward_log(lk_log_level level, const char* message, void* user) {
    py::gil_scoped_acquire gil;
    const py::object& sink = *static_cast<const py::object*>(user);
    try {
        // Messages are UTF-8; a stray byte must not cost the whole message.
        const auto text = py::reinterpret_steal<py::str>(
            PyUnicode_DecodeUTF8(message, py::ssize_t(std::strlen(message)), "replace"));
        if (!text) throw py::error_already_set();
        sink(level_name(level), text);
    } catch (py::error_already_set& error) {
        error.discard_as_unraisable(sink);
    }
}

class PythonContext {
public:
    PythonContext(const std::string& device, int num_threads, const std::string& log_level,
                  py::object log)
        : log_(std::move(log)), context_(create(device, num_threads, log_level, log_)) {}
    PythonContext(const PythonContext&) = delete;
    PythonContext& operator=(const PythonContext&) = delete;

    std::string device() const { return context_.device(); }
    bool interrupted() const { return context_.interrupted(); }
    void interrupt() { context_.interrupt(); }
    void resume() { context_.resume(); }
    // With the GIL held: a Python sink takes it anyway, and stderr needs no release.
    void log(const std::string& level, const std::string& message) const {
        lk_context_log(context_.get(), value_named(log_levels, level, "log level"),
                       message.c_str());
    }

    py::object describe() {
        const std::string json = [&] {
            py::gil_scoped_release release;
            return context_.describe();
        }();
        return py::module_::import("json").attr("loads")(json);
    }

private:
    // `log` is the member the context's sink points at, so it must already be in place.
    static Context create(const std::string& device, int num_threads,
                          const std::string& log_level, const py::object& log) {
        if (!log.is_none() && !PyCallable_Check(log.ptr()))
            throw py::type_error("log must be a callable(level: str, message: str) or None");
        Context::Options options;
        options.device = device;
        options.num_threads = num_threads;
        options.log_level = value_named(log_levels, log_level, "log level");
        if (!log.is_none()) {
            options.log_callback = &forward_log;
            options.log_user = const_cast<py::object*>(&log);
        }
        py::gil_scoped_release release;
        return Context(options);
    }

    // Declared before context_: the sink outlives the context that calls it.
    py::object log_;
    Context context_;
};

}  // namespace

void bind_context(py::module_& m) {
    using namespace pybind11::literals;
    py::class_<PythonContext>(m, "Context",
                              "The device, CPU threads, log sink and interrupt flag that SDK "
                              "calls use; shareable between threads.")
        .def(py::init<const std::string&, int, const std::string&, py::object>(),
             "device"_a = "cpu", "num_threads"_a = 0, "log_level"_a = "warn",
             "log"_a = py::none(),
             "device: 'cpu', 'cuda', 'cuda:N' or 'auto'. num_threads: 0 keeps the compute "
             "library's default. log_level: 'debug', 'info', 'warn', 'error' or 'none'. log: "
             "callable(level, message), or None for stderr.")
        .def_property_readonly("device", &PythonContext::device,
                               "The device the context resolved to, e.g. 'cpu' or 'cuda:0'.")
        .def_property_readonly("interrupted", &PythonContext::interrupted,
                               "True between interrupt() and resume().")
        .def("interrupt", &PythonContext::interrupt,
             "Makes running and later long calls on this context raise CancelledError.")
        .def("resume", &PythonContext::resume, "Lets calls run again after interrupt().")
        .def("log", &PythonContext::log, "level"_a, "message"_a,
             "Sends a message through the context's log sink, if level reaches its threshold.")
        .def("describe", &PythonContext::describe,
             "The build, compute library and devices, as a dict.")
        .def("__repr__", [](const PythonContext& context) {
            return "likeness.Context(device='" + context.device() + "')";
        });
}

}  // namespace likeness::python
