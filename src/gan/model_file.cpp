#include "gan/model_file.h"

#include "core/error.h"

#include <c10/util/StringUtil.h>

#include <set>

namespace lk::gan {
namespace {

bool starts_with(const std::string& s, const std::string& prefix) {
    return s.compare(0, prefix.size(), prefix) == 0;
}

}  // namespace

const std::string& metadata_entry(const io::SafetensorsFile& file, const char* key) {
    const auto found = file.metadata().find(key);
    if (found == file.metadata().end())
        fail(LK_ERR_FORMAT, "{} lacks the metadata \"{}\"", printable(file.path()), key);
    return found->second;
}

Weights read_weights(const io::SafetensorsFile& file, const std::vector<TensorSpec>& specs,
                     const std::string& prefix, const std::string& ignored, c10::Device device) {
    Weights weights;
    std::set<std::string> expected;
    for (const TensorSpec& spec : specs) {
        const std::string name = prefix + spec.name;
        expected.insert(name);
        if (!file.contains(name))
            fail(LK_ERR_FORMAT, "{}: tensor {} (shape {}) is missing", printable(file.path()),
                 name, c10::str(at::IntArrayRef(spec.shape)));
        at::Tensor tensor = file.tensor(name);
        if (tensor.sizes() != at::IntArrayRef(spec.shape))
            fail(LK_ERR_FORMAT, "{}: tensor {} has shape {}, expected {}",
                 printable(file.path()), name, c10::str(tensor.sizes()),
                 c10::str(at::IntArrayRef(spec.shape)));
        if (!at::isFloatingType(tensor.scalar_type()))
            fail(LK_ERR_FORMAT, "{}: tensor {} is {}, expected a float type",
                 printable(file.path()), name, c10::toString(tensor.scalar_type()));
        weights[spec.name] = tensor.to(device, at::kFloat);
    }
    for (const std::string& name : file.names())
        if (starts_with(name, prefix) && !expected.count(name) &&
            !(!ignored.empty() && starts_with(name, ignored)))
            fail(LK_ERR_FORMAT, "{}: unexpected tensor {} (shape {}) for this config",
                 printable(file.path()), printable(name), c10::str(file.tensor(name).sizes()));
    return weights;
}

void write_generator(const std::string& path, const GeneratorConfig& config,
                     const std::string& config_json, const Weights& weights,
                     const std::string& source) {
    std::vector<std::pair<std::string, at::Tensor>> tensors;
    for (const TensorSpec& spec : config.tensors())
        tensors.emplace_back(spec.name, weights.at(spec.name).detach().to(at::kCPU).contiguous());
    io::write_safetensors(path, tensors,
                          {{kFormatKey, kGeneratorFormat},
                           {kConfigKey, config_json},
                           {"likeness.source", source}});
}

}  // namespace lk::gan
