#include "gan/generator.h"

#include "core/error.h"
#include "gan/model_file.h"
#include "io/safetensors.h"

#include <c10/core/InferenceMode.h>
#include <c10/util/StringUtil.h>


namespace lk::gan {
namespace {

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
             c10::str(at::IntArrayRef(expected)),
             t.defined() ? c10::str(t.sizes()) : "none");
}

}  // namespace

Generator Generator::load(const std::string& path, c10::Device device) {
    const io::SafetensorsFile file = io::SafetensorsFile::open(path);
    const auto format = file.metadata().find(kFormatKey);
    if (format == file.metadata().end() || format->second != kGeneratorFormat)
        fail(LK_ERR_FORMAT, "{} is not a StyleGAN2 generator: metadata \"{}\" is {}, expected \"{}\"",
             printable(path), kFormatKey,
             format == file.metadata().end() ? "absent" : "\"" + printable(format->second) + "\"",
             kGeneratorFormat);
    GeneratorConfig config = GeneratorConfig::parse(metadata_entry(file, kConfigKey));
    const bool with_discriminator = file.metadata().count(kDiscriminatorConfigKey) > 0;
    c10::InferenceMode inference;
    const Weights weights =
        read_weights(file, config.tensors(), "", with_discriminator ? "D." : "", device);
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
