// likeness.Diffusion's native half: a Stable Diffusion model with its own context. Prompts and
// numbers come in as Python values, images through the buffer protocol; the images made go out
// as one (N, H, W, 3) array.
#include "bindings.h"
#include "borrowed.h"
#include "owned.h"

#include <pybind11/functional.h>
#include <pybind11/stl.h>

#include <functional>
#include <optional>

namespace likeness::python {
namespace {

constexpr Named<lk_diffusion_dtype> dtypes[] = {{"float32", LK_DIFFUSION_FLOAT32},
                                                {"float16", LK_DIFFUSION_FLOAT16},
                                                {"bfloat16", LK_DIFFUSION_BFLOAT16}};

const char* dtype_name(lk_diffusion_dtype dtype) {
    for (const auto& entry : dtypes)
        if (entry.value == dtype) return entry.name;
    return "unknown";
}

// Called with (done, total) after each step, with the GIL held; returning False cancels.
using StepCallback = std::function<py::object(uint64_t, uint64_t)>;

class PythonDiffusion {
public:
    PythonDiffusion(const std::string& path, const std::string& device, const std::string& dtype,
                    const std::optional<std::string>& tokenizer_dir)
        : context_(context_on(device)), model_(without_gil([&] {
              DiffusionLoadOptions options;
              options.dtype = value_named(dtypes, dtype, "dtype");
              if (tokenizer_dir) options.tokenizer_dir = checked_path(*tokenizer_dir);
              return Diffusion::load(context_, checked_path(path), options);
          })) {}

    py::dict info() const {
        const lk_diffusion_info& i = model_.info();
        py::dict d;
        d["width"] = i.width;
        d["height"] = i.height;
        d["in_channels"] = i.in_channels;
        d["prediction"] = i.prediction == LK_DIFFUSION_PREDICT_V ? "v" : "epsilon";
        d["dtype"] = dtype_name(i.dtype);
        return d;
    }

    std::string device() const { return context_.device(); }

    Provenance provenance() { return without_gil([&] { return model_.provenance(); }); }

    bool watermark = true;  // see lk_diffusion_request.watermark

    py::object generate(const std::string& prompt, const std::string& negative_prompt,
                        uint32_t width, uint32_t height, uint32_t steps, double guidance,
                        const std::string& sampler, bool karras, double eta, uint64_t seed,
                        uint32_t batch, uint32_t clip_skip, const std::optional<py::buffer>& init,
                        double strength, const std::optional<py::buffer>& mask,
                        const std::optional<StepCallback>& progress) {
        DiffusionRequest r;
        r.prompt = prompt;
        r.negative_prompt = negative_prompt;
        r.width = width;
        r.height = height;
        r.steps = steps;
        r.guidance = guidance;
        r.sampler = Diffusion::sampler_named(sampler);
        r.karras = karras;
        r.eta = eta;
        r.seed = seed;
        r.batch = batch;
        r.clip_skip = clip_skip;
        r.strength = strength;
        r.watermark = watermark;
        std::optional<BorrowedPixels> init_pixels, mask_pixels;
        if (init) r.init_image = init_pixels.emplace(*init).view();
        if (mask) r.mask = mask_pixels.emplace(*mask).view();
        r.progress = [&progress](const lk_progress& p) {
            check_signals(p);
            if (!progress) return true;
            py::gil_scoped_acquire gil;
            const py::object answer = (*progress)(p.done, p.total);
            return answer.is_none() || bool(py::bool_(answer));
        };
        return py::cast(stacked(without_gil([&] { return model_.generate(r); })));
    }

private:
    // Declared first: the model refers to the context for as long as it lives.
    Context context_;
    Diffusion model_;
};

}  // namespace

void bind_diffusion(py::module_& m) {
    using namespace pybind11::literals;
    py::class_<PythonDiffusion>(m, "Diffusion", "A Stable Diffusion 1.x model with its own context.")
        .def(py::init<const std::string&, const std::string&, const std::string&,
                      const std::optional<std::string>&>(),
             "path"_a, "device"_a, "dtype"_a, "tokenizer_dir"_a)
        .def_property_readonly("info", &PythonDiffusion::info)
        .def_property_readonly("device", &PythonDiffusion::device)
        .def("provenance", &PythonDiffusion::provenance)
        .def_readwrite("watermark", &PythonDiffusion::watermark)
        .def("generate", &PythonDiffusion::generate, "prompt"_a, "negative_prompt"_a, "width"_a,
             "height"_a, "steps"_a, "guidance"_a, "sampler"_a, "karras"_a, "eta"_a, "seed"_a,
             "batch"_a, "clip_skip"_a, "init_image"_a, "strength"_a, "mask"_a, "progress"_a);
}

}  // namespace likeness::python
