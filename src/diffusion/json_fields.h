// Typed fields of the JSON configs in diffusers folders (config.json, model_index.json,
// scheduler_config.json), each error naming the file and the key.
#pragma once

#include <nlohmann/json.hpp>

#include <cstdint>
#include <string>
#include <string_view>

namespace lk::diffusion {

// `text` as a JSON object; LK_ERR_FORMAT naming `name` when it is not one.
nlohmann::json parse_json_object(std::string_view text, const std::string& name);

// The value of `key`, or `fallback` when the key is absent or null; LK_ERR_FORMAT naming `name`
// and the key when it holds another type or an integer below `minimum`.
int64_t json_integer(const nlohmann::json& object, const char* key, int64_t fallback, int64_t minimum,
                     const std::string& name);
double json_number(const nlohmann::json& object, const char* key, double fallback, const std::string& name);
bool json_bool(const nlohmann::json& object, const char* key, bool fallback, const std::string& name);
std::string json_string(const nlohmann::json& object, const char* key, const std::string& fallback,
                        const std::string& name);

}  // namespace lk::diffusion
