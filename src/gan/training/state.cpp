#include "gan/training/state.h"

#include "core/error.h"
#include "io/safetensors.h"

#include <ATen/core/grad_mode.h>
#include <c10/util/StringUtil.h>
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

// The first place where two configs differ, as "key.subkey", with both values; empty if none.
std::string first_difference(const json& saved, const json& wanted, const std::string& where) {
    if (saved.is_object() && wanted.is_object()) {
        for (const auto& item : wanted.items()) {
            const std::string key = where.empty() ? item.key() : where + "." + item.key();
            if (!saved.contains(item.key()))
                return fmt::format("{} (absent there, {} here)", key, item.value().dump());
            const std::string inner = first_difference(saved.at(item.key()), item.value(), key);
            if (!inner.empty()) return inner;
        }
        for (const auto& item : saved.items())
            if (!wanted.contains(item.key()))
                return fmt::format("{} ({} there, absent here)",
                                   where.empty() ? item.key() : where + "." + item.key(),
                                   item.value().dump());
        return "";
    }
    if (saved != wanted) return fmt::format("{} ({} there, {} here)", where, saved.dump(), wanted.dump());
    return "";
}

void check_config(const std::string& path, const char* what, const std::string& saved,
                  const std::string& wanted) {
    json a, b;
    try {
        a = json::parse(saved);
        b = json::parse(wanted);
    } catch (const json::exception& e) {
        fail(LK_ERR_FORMAT, "{}: the {} config is not valid JSON: {}", printable(path), what,
             e.what());
    }
    const std::string difference = first_difference(a, b, "");
    if (!difference.empty())
        fail(LK_ERR_FORMAT,
             "{} was trained with another {}: {}; resume with the settings it was trained with",
             printable(path), what, difference);
}

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
    const auto& metadata = file.metadata();
    const auto entry = [&](const char* key) -> const std::string& {
        const auto found = metadata.find(key);
        if (found == metadata.end())
            fail(LK_ERR_FORMAT, "{} is not a training state: it lacks the metadata \"{}\"",
                 printable(path), key);
        return found->second;
    };
    if (entry("likeness.format") != format_name)
        fail(LK_ERR_FORMAT, "{} is not a training state: its format is \"{}\", expected \"{}\"",
             printable(path), printable(entry("likeness.format")), format_name);
    check_config(path, "generator", entry("likeness.config"), state.g_config);
    check_config(path, "discriminator", entry("likeness.discriminator_config"), state.d_config);
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
    at::NoGradGuard no_grad;
    for (const auto& [prefix, member] : groups) {
        for (auto& [name, t] : state.*member) {
            const std::string key = prefix + name;
            if (!file.contains(key))
                fail(LK_ERR_FORMAT, "{}: tensor {} is missing", printable(path), key);
            const at::Tensor saved = file.tensor(key);
            if (saved.sizes() != t.sizes())
                fail(LK_ERR_FORMAT, "{}: tensor {} has shape {}, expected {}", printable(path),
                     key, c10::str(saved.sizes()), c10::str(t.sizes()));
            t.copy_(saved);
        }
    }
}

}  // namespace lk::gan
