// likeness.Gan's native half: a generator with its own context. Arrays come in through the
// buffer protocol (the package makes them C-contiguous float32 first) and results go out as
// objects that export their own memory, so numpy wraps them without a copy.
#include "bindings.h"
#include "owned.h"

#include <pybind11/stl.h>

#include <optional>
#include <utility>
#include <vector>

namespace likeness::python {
namespace {

constexpr Named<lk_gan_noise> noise_modes[] = {
    {"const", LK_GAN_NOISE_CONST}, {"random", LK_GAN_NOISE_RANDOM}, {"none", LK_GAN_NOISE_NONE}};
constexpr Named<lk_gan_interpolation> spaces[] = {{"w", LK_GAN_LERP_W}, {"z", LK_GAN_SLERP_Z}};

// A C-contiguous float32 buffer of shape (N, rest...), borrowed while the GIL is released.
class BorrowedFloats {
public:
    BorrowedFloats(const py::buffer& source, const char* what, std::vector<py::ssize_t> rest)
        : buffer_(source.request()) {
        const py::buffer_info& b = buffer_;
        std::string expected = "(N";
        for (py::ssize_t size : rest) expected += ", " + std::to_string(size);
        expected += ")";
        bool fits = b.format == py::format_descriptor<float>::format() &&
                    b.ndim == py::ssize_t(rest.size()) + 1 && b.shape[0] > 0;
        py::ssize_t stride = sizeof(float);
        for (py::ssize_t i = b.ndim; fits && i-- > 0;) {
            fits = (i == 0 || b.shape[i] == rest[size_t(i - 1)]) &&
                   (b.shape[i] == 1 || b.strides[i] == stride);
            stride *= b.shape[i];
        }
        if (!fits) {
            std::string got = "(";
            for (py::ssize_t i = 0; i < b.ndim; ++i)
                got += (i ? ", " : "") + std::to_string(b.shape[i]);
            invalid(std::string(what) + " must be a contiguous float32 array shaped " + expected +
                    " with N >= 1; got format '" + b.format + "' shaped " + got + ")");
        }
    }
    const float* data() const { return static_cast<const float*>(buffer_.ptr); }
    size_t count() const { return size_t(buffer_.shape[0]); }

private:
    py::buffer_info buffer_;
};

GanOptions options_of(const lk_gan_info& info, double truncation, std::optional<int> cutoff,
                      const std::string& noise, std::optional<int> class_index,
                      const std::optional<py::buffer>& labels, std::optional<uint32_t> batch) {
    GanOptions options;
    options.truncation_psi = float(truncation);
    options.truncation_cutoff = cutoff.value_or(-1);
    options.noise = value_named(noise_modes, noise, "noise mode");
    options.class_index = class_index.value_or(-1);
    if (labels) {
        const BorrowedFloats c(*labels, "c", {py::ssize_t(info.c_dim)});
        options.labels.assign(c.data(), c.data() + c.count() * info.c_dim);
    }
    options.batch_size = batch.value_or(0);
    options.progress = check_signals;
    return options;
}

// The generated samples as one numpy-ready object: uint8 (N, H, W, C) or float32 (N, C, H, W).
py::object package(const lk_gan_info& info, size_t count, GanGenerated&& generated, bool floats) {
    const auto side = py::ssize_t(info.resolution), channels = py::ssize_t(info.channels);
    if (floats)
        return py::cast(Floats{std::move(generated.pixels),
                               {py::ssize_t(count), channels, side, side}});
    return py::cast(stacked(generated.images));
}

GanOutput output_named(const std::string& output) {
    if (output == "uint8") return GanOutput::Images;
    if (output == "float") return GanOutput::Pixels;
    invalid("unknown output '" + output + "'; expected one of 'uint8', 'float'");
}

class PythonGan {
public:
    PythonGan(const std::string& path, const std::string& device)
        : context_(context_on(device)),
          gan_(without_gil([&] { return Gan::load(context_, path); })) {}

    py::dict info() const {
        const lk_gan_info& i = gan_.info();
        py::dict d;
        d["z_dim"] = i.z_dim;
        d["c_dim"] = i.c_dim;
        d["w_dim"] = i.w_dim;
        d["num_ws"] = i.num_ws;
        d["resolution"] = i.resolution;
        d["channels"] = i.channels;
        return d;
    }

    std::string device() const { return context_.device(); }

    Provenance provenance() { return without_gil([&] { return gan_.provenance(); }); }

    bool watermark = true;  // see lk_gan_generate_params.watermark

    py::object generate_seeds(const std::vector<uint32_t>& seeds, double truncation,
                              std::optional<int> cutoff, const std::string& noise,
                              std::optional<int> class_index,
                              const std::optional<py::buffer>& labels,
                              std::optional<uint32_t> batch, const std::string& output,
                              const std::vector<uint32_t>& mix_seeds,
                              std::optional<int> crossover) {
        if (seeds.empty()) invalid("seeds is empty; give at least one seed");
        if (mix_seeds.empty() != !crossover)
            invalid("style mixing takes both mix_seeds and crossover, or neither");
        GanOptions o = options_of(gan_.info(), truncation, cutoff, noise, class_index, labels,
                                  batch);
        o.watermark = watermark;
        o.mix_seeds = mix_seeds;
        o.mix_crossover = crossover.value_or(-1);
        const GanOutput form = output_named(output);
        return package(gan_.info(), seeds.size(),
                       without_gil([&] { return gan_.generate(seeds, o, form); }),
                       form == GanOutput::Pixels);
    }

    py::object generate_z(const py::buffer& z, double truncation, std::optional<int> cutoff,
                          const std::string& noise, std::optional<int> class_index,
                          const std::optional<py::buffer>& labels,
                          std::optional<uint32_t> batch, const std::string& output) {
        const BorrowedFloats latents(z, "z", {py::ssize_t(gan_.info().z_dim)});
        GanOptions o = options_of(gan_.info(), truncation, cutoff, noise, class_index, labels,
                                  batch);
        o.watermark = watermark;
        const GanOutput form = output_named(output);
        return package(
            gan_.info(), latents.count(),
            without_gil([&] { return gan_.generate_z(latents.data(), latents.count(), o, form); }),
            form == GanOutput::Pixels);
    }

    py::object synthesis(const py::buffer& w, const std::string& noise,
                         std::optional<uint32_t> batch, const std::string& output) {
        const lk_gan_info& i = gan_.info();
        const BorrowedFloats ws(w, "w", {py::ssize_t(i.num_ws), py::ssize_t(i.w_dim)});
        GanOptions o = options_of(i, 1, std::nullopt, noise, std::nullopt, std::nullopt, batch);
        o.watermark = watermark;
        const GanOutput form = output_named(output);
        return package(i, ws.count(),
                       without_gil([&] { return gan_.generate_w(ws.data(), ws.count(), o, form); }),
                       form == GanOutput::Pixels);
    }

    py::object mapping(const py::buffer& z, const std::optional<py::buffer>& c, double truncation,
                       std::optional<int> cutoff, std::optional<int> class_index) {
        const lk_gan_info& i = gan_.info();
        const BorrowedFloats latents(z, "z", {py::ssize_t(i.z_dim)});
        const GanOptions o =
            options_of(i, truncation, cutoff, "const", class_index, c, std::nullopt);
        std::vector<float> w =
            without_gil([&] { return gan_.map(latents.data(), latents.count(), o); });
        return py::cast(Floats{std::move(w), {py::ssize_t(latents.count()),
                                              py::ssize_t(i.num_ws), py::ssize_t(i.w_dim)}});
    }

    py::object interpolate(uint32_t seed_a, uint32_t seed_b, size_t steps,
                           const std::string& space, double truncation,
                           std::optional<int> cutoff, const std::string& noise,
                           std::optional<int> class_index, const std::string& output) {
        const lk_gan_interpolation mode = value_named(spaces, space, "interpolation space");
        GanOptions o = options_of(gan_.info(), truncation, cutoff, noise, class_index,
                                  std::nullopt, std::nullopt);
        o.watermark = watermark;
        const GanOutput form = output_named(output);
        return package(
            gan_.info(), steps,
            without_gil([&] { return gan_.interpolate(seed_a, seed_b, steps, mode, o, form); }),
            form == GanOutput::Pixels);
    }

private:
    // Declared first: the generator refers to the context for as long as it lives.
    Context context_;
    Gan gan_;
};

std::vector<uint32_t> parse_seeds(const std::string& text) { return Gan::parse_seeds(text); }

}  // namespace

void bind_gan(py::module_& m) {
    using namespace pybind11::literals;
    py::class_<Floats>(m, "FloatArray", py::buffer_protocol(),
                       "float32 values owned by the SDK, exported as an N-dimensional buffer.")
        .def_buffer(&export_owned<float>);
    py::class_<Bytes>(m, "ByteArray", py::buffer_protocol(),
                      "uint8 values owned by the SDK, exported as an N-dimensional buffer.")
        .def_buffer(&export_owned<uint8_t>);

    py::class_<PythonGan>(m, "Gan", "A StyleGAN2 generator with its own context.")
        .def(py::init<const std::string&, const std::string&>(), "path"_a, "device"_a)
        .def_property_readonly("info", &PythonGan::info)
        .def_property_readonly("device", &PythonGan::device)
        .def("provenance", &PythonGan::provenance)
        .def_readwrite("watermark", &PythonGan::watermark)
        .def("generate_seeds", &PythonGan::generate_seeds, "seeds"_a, "truncation"_a, "cutoff"_a,
             "noise"_a, "class_idx"_a, "labels"_a, "batch_size"_a, "output"_a, "mix_seeds"_a,
             "crossover"_a)
        .def("generate_z", &PythonGan::generate_z, "z"_a, "truncation"_a, "cutoff"_a, "noise"_a,
             "class_idx"_a, "labels"_a, "batch_size"_a, "output"_a)
        .def("synthesis", &PythonGan::synthesis, "w"_a, "noise"_a, "batch_size"_a, "output"_a)
        .def("mapping", &PythonGan::mapping, "z"_a, "c"_a, "truncation"_a, "cutoff"_a,
             "class_idx"_a)
        .def("interpolate", &PythonGan::interpolate, "seed_a"_a, "seed_b"_a, "steps"_a,
             "space"_a, "truncation"_a, "cutoff"_a, "noise"_a, "class_idx"_a, "output"_a);
    m.def("parse_seeds", &parse_seeds, "text"_a);
}

}  // namespace likeness::python
