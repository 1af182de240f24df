// likeness.train_gan's native half: lk_gan_train with the GIL released, reporting each tick to a
// Python callable (with the GIL taken back) that may stop training by returning False or raising.
#include "bindings.h"

#include <pybind11/stl.h>

#include <string>

namespace likeness::python {
namespace {

constexpr Named<lk_augment_mode> augment_modes[] = {
    {"ada", LK_AUGMENT_ADA}, {"fixed", LK_AUGMENT_FIXED}, {"none", LK_AUGMENT_NONE}};

template <typename T>
void take(py::dict& options, const char* key, T& field) {
    if (!options.contains(key)) return;
    field = options[key].cast<T>();
    options.attr("pop")(key);
}

void train(const std::string& data, const std::string& out_dir, uint32_t resolution,
           py::dict options, const std::string& device, int threads, const py::object& progress) {
    lk_gan_train_params p;
    lk_gan_train_params_init(&p);
    p.data = data.c_str();
    p.out_dir = out_dir.c_str();
    p.resolution = resolution;
    options = options.attr("copy")();
    bool conditional = false, mirror = false;
    take(options, "conditional", conditional);
    take(options, "mirror", mirror);
    p.conditional = conditional;
    p.mirror = mirror;
    take(options, "channels", p.channels);
    take(options, "z_dim", p.z_dim);
    take(options, "w_dim", p.w_dim);
    take(options, "mapping_layers", p.mapping_layers);
    take(options, "channel_base", p.channel_base);
    take(options, "channel_max", p.channel_max);
    take(options, "mbstd_group", p.mbstd_group);
    take(options, "batch", p.batch);
    take(options, "lr", p.lr);
    take(options, "gamma", p.gamma);
    take(options, "pl_weight", p.pl_weight);
    take(options, "style_mixing", p.style_mixing);
    take(options, "ema_kimg", p.ema_kimg);
    take(options, "ema_rampup", p.ema_rampup);
    take(options, "augment_p", p.augment_p);
    take(options, "ada_target", p.ada_target);
    take(options, "kimg", p.kimg);
    take(options, "tick_kimg", p.tick_kimg);
    take(options, "snapshot_ticks", p.snapshot_ticks);
    take(options, "seed", p.seed);
    std::string augment = "ada", resume;
    take(options, "augment", augment);
    take(options, "resume", resume);
    p.augment = value_named(augment_modes, augment, "augment mode");
    if (!resume.empty()) p.resume = resume.c_str();
    if (py::len(options) > 0)
        invalid("unknown training option " + py::str(options.attr("popitem")()[py::int_(0)]).cast<std::string>());

    Context::Options context_options;
    context_options.device = device;
    context_options.num_threads = threads;
    Context context(context_options);
    without_gil([&] {
        train_gan(context, p, [&](const lk_gan_train_progress& t) {
            py::gil_scoped_acquire gil;
            if (PyErr_CheckSignals() != 0) throw py::error_already_set();
            if (progress.is_none()) return true;
            py::dict tick;
            tick["kimg"] = t.kimg;
            tick["total_kimg"] = t.total_kimg;
            tick["seconds"] = t.seconds;
            tick["seconds_per_kimg"] = t.seconds_per_kimg;
            tick["loss_g"] = t.loss_g;
            tick["loss_d"] = t.loss_d;
            tick["r1_penalty"] = t.r1_penalty;
            tick["pl_penalty"] = t.pl_penalty;
            tick["augment_p"] = t.augment_p;
            tick["real_sign"] = t.real_sign;
            tick["snapshot"] = std::string(t.snapshot);
            const py::object keep = progress(tick);
            return keep.is_none() || keep.cast<bool>();
        });
        return 0;
    });
}

}  // namespace

void bind_train(py::module_& m) {
    using namespace pybind11::literals;
    m.def("train_gan", &train, "data"_a, "out_dir"_a, "resolution"_a, "options"_a, "device"_a,
          "threads"_a, "progress"_a);
}

}  // namespace likeness::python
