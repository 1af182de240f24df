#include "gan/training/state.h"

#include "core/error.h"
#include "core/json_difference.h"
#include "io/safetensors.h"

#include <nlohmann/json.hpp>

#include <utility>
#include <vector>

namespace lk::gan {
namespace {

using nlohmann::json;

constexpr const char* format_name = "stylegan2-training-state";

const std::pair<const char*, Weights TrainingState::*> groups[] = {
    {"G.", &TrainingState::g},           {"G_ema.", &TrainingState::g_ema},
    {"D.", &TrainingState::d},           {"G_opt.", &TrainingState::g_optimizer},
    {"D_opt.", &TrainingState::d_optimizer},
};

}  // namespace

void write_training_state(const std::string& path, const TrainingState& state) {
    std::vector<std::pair<std::string, at::Tensor>> tensors;
    for (const auto& [prefix, member] : groups)
        for (const auto& [name, t] : state.*member)
            tensors.emplace_back(prefix + name, t.detach().to(at::kCPU).contiguous());
    const json progress = {{"g_steps", state.g_steps},     {"d_steps", state.d_steps},
                           {"iteration", state.iteration}, {"nimg", state.nimg},
                           {"augment_p", state.augment_p}, {"pl_mean", state.pl_mean}};
    io::write_safetensors(path, tensors,
                          {{"likeness.format", format_name},
                           {"likeness.config", state.g_config},
                           {"likeness.discriminator_config", state.d_config},
                           {"likeness.progress", progress.dump()}});
}

void read_training_state(const std::string& path, TrainingState& state) {
    const io::SafetensorsFile file = io::SafetensorsFile::open(path);
    const auto entry = [&](const char* key) -> const std::string& {
        return io::required_metadata(file, key, "training state");
    };
    if (entry("likeness.format") != format_name)
        fail(LK_ERR_FORMAT, "{} is not a training state: its format is \"{}\", expected \"{}\"",
             printable(path), printable(entry("likeness.format")), format_name);
    require_same_config(path, "generator", entry("likeness.config"), state.g_config);
    require_same_config(path, "discriminator", entry("likeness.discriminator_config"), state.d_config);
    json progress;
    try {
        progress = json::parse(entry("likeness.progress"));
        state.g_steps = progress.at("g_steps").get<int64_t>();
        state.d_steps = progress.at("d_steps").get<int64_t>();
        state.iteration = progress.at("iteration").get<int64_t>();
        state.nimg = progress.at("nimg").get<int64_t>();
        state.augment_p = progress.at("augment_p").get<double>();
        state.pl_mean = progress.at("pl_mean").get<double>();
    } catch (const json::exception& e) {
        fail(LK_ERR_FORMAT, "{}: malformed \"likeness.progress\": {}", printable(path), e.what());
    }
    for (const auto& [prefix, member] : groups) io::read_into(file, prefix, state.*member);
}

}  // namespace lk::gan
