// likeness.evaluate_gan's native half: lk_metrics_evaluate_gan with the GIL released.
#include "bindings.h"

#include <cmath>
#include <string>

namespace likeness::python {
namespace {

py::dict evaluate(const std::string& model, const std::string& data, const std::string& inception,
                  uint32_t num, bool fid, bool kid, uint32_t batch_size, uint32_t kid_subsets,
                  uint32_t kid_subset_size, uint32_t kid_seed, const std::string& device) {
    lk_metrics_params params = metrics_params();
    params.num_generated = num;
    params.fid = fid;
    params.kid = kid;
    params.batch_size = batch_size;
    params.kid_subsets = kid_subsets;
    params.kid_subset_size = kid_subset_size;
    params.kid_seed = kid_seed;
    Context::Options options;
    options.device = device;
    const Context context(options);
    const lk_metrics_result result =
        without_gil([&] { return evaluate_gan(context, model, data, inception, params); });
    py::dict out;
    if (fid) out["fid"] = result.fid;
    if (kid) out["kid"] = result.kid;
    out["num_real"] = result.num_real;
    out["num_generated"] = result.num_generated;
    return out;
}

}  // namespace

void bind_metrics(py::module_& m) {
    using namespace pybind11::literals;
    m.def("evaluate_gan", &evaluate, "model"_a, "data"_a, "inception"_a, "num"_a, "fid"_a, "kid"_a,
          "batch_size"_a, "kid_subsets"_a, "kid_subset_size"_a, "kid_seed"_a, "device"_a);
}

}  // namespace likeness::python
