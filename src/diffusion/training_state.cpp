#include "diffusion/training_state.h"

#include "core/error.h"
#include "core/json_difference.h"


namespace lk::diffusion {

void write_state_file(const std::string& path, const StateFile& state) {
    std::vector<std::pair<std::string, at::Tensor>> tensors;
    for (const auto& [prefix, group] : state.groups)
        for (const auto& [name, t] : *group) tensors.emplace_back(prefix + name, t.detach());
    io::write_safetensors(path, tensors,
                          {{"likeness.format", state.format},
                           {"likeness.config", state.config},
                           {"likeness.progress", state.progress}});
}

io::SafetensorsFile read_state_file(const std::string& path, StateFile& state) {
    io::SafetensorsFile file = io::SafetensorsFile::open(path);
    const auto entry = [&](const char* key) -> const std::string& {
        return io::required_metadata(file, key, "training state");
    };
    if (entry("likeness.format") != state.format)
        fail(LK_ERR_FORMAT, "{} is not a {}: its format is \"{}\"", printable(path), state.format,
             printable(entry("likeness.format")));
    require_same_config(path, "training", entry("likeness.config"), state.config);
    state.progress = entry("likeness.progress");
    for (auto& [prefix, group] : state.groups) io::read_into(file, prefix, *group);
    return file;
}

}  // namespace lk::diffusion
