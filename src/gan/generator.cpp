#include "gan/generator.h"

#include "core/error.h"
#include "io/safetensors.h"

#include <c10/core/InferenceMode.h>
#include <fmt/ranges.h>

#include <set>

namespace lk::gan {
namespace {

constexpr const char* format_key = "likeness.format";
constexpr const char* format_name = "stylegan2-generator";
constexpr const char* config_key = "likeness.config";
constexpr const char* discriminator_config_key = "likeness.discriminator_config";

std::string shape_text(at::IntArrayRef shape) {
    return fmt::format("[{}]", fmt::join(shape, ", "));
}

Weights read_weights(const io::SafetensorsFile& file, const GeneratorConfig& config,
                     c10::Device device) {
    Weights weights;
    std::set<std::string> expected;
    for (const TensorSpec& spec : config.tensors()) {
        expected.insert(spec.name);
        if (!file.contains(spec.name))
            fail(LK_ERR_FORMAT, "{}: tensor {} (shape {}) is missing", printable(file.path()),
                 spec.name, shape_text(spec.shape));
        at::Tensor tensor = file.tensor(spec.name);
        if (tensor.sizes() != at::IntArrayRef(spec.shape))
            fail(LK_ERR_FORMAT, "{}: tensor {} has shape {}, expected {}",
                 printable(file.path()), spec.name, shape_text(tensor.sizes()),
                 shape_text(spec.shape));
        if (!at::isFloatingType(tensor.scalar_type()))
            fail(LK_ERR_FORMAT, "{}: tensor {} is {}, expected a float type",
                 printable(file.path()), spec.name, c10::toString(tensor.scalar_type()));
        weights[spec.name] = tensor.to(device, at::kFloat);
    }
    const bool with_discriminator = file.metadata().count(discriminator_config_key) > 0;
    for (const std::string& name : file.names())
        if (!expected.count(name) && !(with_discriminator && name.rfind("D.", 0) == 0))
            fail(LK_ERR_FORMAT, "{}: unexpected tensor {} (shape {}) for this config",
                 printable(file.path()), printable(name), shape_text(file.tensor(name).sizes()));
    return weights;
}

int64_t batch_of(const at::Tensor& t) {
    return t.defined() && t.dim() > 0 ? t.size(0) : 0;
}

void check_batch(const char* what, const at::Tensor& t, int64_t batch,
                 std::initializer_list<int64_t> rest) {
    std::vector<int64_t> expected{batch};
    expected.insert(expected.end(), rest);
    if (!t.defined() || t.sizes() != at::IntArrayRef(expected) ||
        !at::isFloatingType(t.scalar_type()))
        fail(LK_ERR_INVALID_ARGUMENT, "{} must be a float tensor shaped {}, got {}", what,
             shape_text(expected), t.defined() ? shape_text(t.sizes()) : "none");
}

}  // namespace

void write_generator(const std::string& path, const GeneratorConfig& config,
                     const std::string& config_json, const Weights& weights,
                     const std::string& source) {
    std::vector<std::pair<std::string, at::Tensor>> tensors;
    for (const TensorSpec& spec : config.tensors())
        tensors.emplace_back(spec.name, weights.at(spec.name).detach().to(at::kCPU).contiguous());
    io::write_safetensors(path, tensors,
                          {{format_key, format_name},
                           {config_key, config_json},
                           {"likeness.source", source}});
}

Generator Generator::load(const std::string& path, c10::Device device) {
    const io::SafetensorsFile file = io::SafetensorsFile::open(path);
    const auto& metadata = file.metadata();
    const auto format = metadata.find(format_key);
    if (format == metadata.end() || format->second != format_name)
        fail(LK_ERR_FORMAT, "{} is not a StyleGAN2 generator: metadata \"{}\" is {}, expected \"{}\"",
             printable(path), format_key,
             format == metadata.end() ? "absent" : "\"" + printable(format->second) + "\"",
             format_name);
    const auto config_text = metadata.find(config_key);
    if (config_text == metadata.end())
        fail(LK_ERR_FORMAT, "{} lacks the metadata \"{}\"", printable(path), config_key);
    GeneratorConfig config = GeneratorConfig::parse(config_text->second);
    c10::InferenceMode inference;
    const Weights weights = read_weights(file, config, device);
    return Generator(std::move(config), device, weights);
}

Generator::Generator(GeneratorConfig config, c10::Device device, const Weights& weights)
    : config_(std::move(config)),
      device_(device),
      mapping_(std::make_shared<Mapping>("mapping", config_.z_dim, config_.c_dim,
                                         config_.num_ws(), config_.mapping, weights)),
      synthesis_(std::make_shared<Synthesis>(config_, weights)) {}

at::Tensor Generator::mapping(const at::Tensor& z, const at::Tensor& c, double psi,
                              std::optional<int64_t> cutoff) const {
    const int64_t batch = batch_of(z);
    check_batch("z", z, batch, {config_.z_dim});
    if (config_.c_dim > 0)
        check_batch("c", c, batch, {config_.c_dim});
    // Beyond [-1, 2] the extrapolation from w_avg leaves the region the generator was trained
    // on, and the output is noise, never a face.
    if (!(psi >= -1 && psi <= 2))
        fail(LK_ERR_INVALID_ARGUMENT, "truncation psi must be a finite number in [-1, 2], got {}",
             psi);
    if (psi != 1 && !config_.mapping.has_w_avg)
        fail(LK_ERR_INVALID_ARGUMENT,
             "this generator tracks no average w (w_avg_beta is null), so it cannot truncate");
    if (cutoff && (*cutoff < 0 || *cutoff > config_.num_ws()))
        fail(LK_ERR_INVALID_ARGUMENT, "truncation cutoff must be in [0, {}], got {}",
             config_.num_ws(), *cutoff);
    c10::InferenceMode inference;
    const at::Tensor labels = config_.c_dim > 0 ? c.to(device_, at::kFloat) : at::Tensor();
    return (*mapping_)(z.to(device_, at::kFloat), labels, psi, cutoff);
}

at::Tensor Generator::synthesis(const at::Tensor& ws, NoiseMode noise_mode) const {
    check_batch("ws", ws, batch_of(ws), {config_.num_ws(), config_.w_dim});
    c10::InferenceMode inference;
    return (*synthesis_)(ws.to(device_, at::kFloat), noise_mode);
}

at::Tensor Generator::generate(const at::Tensor& z, const at::Tensor& c, double psi,
                               std::optional<int64_t> cutoff, NoiseMode noise_mode) const {
    return synthesis(mapping(z, c, psi, cutoff), noise_mode);
}

}  // namespace lk::gan
