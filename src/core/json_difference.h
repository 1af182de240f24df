// Telling a user which setting differs between a saved configuration and the one asked for,
// as resuming training into other networks must.
#pragma once

#include <nlohmann/json.hpp>

#include <string>

namespace lk {

// The first place where `saved` and `wanted` differ, as "key.subkey (X there, Y here)"; empty if
// they are equal. `where` prefixes the keys (empty at the top).
std::string first_difference(const nlohmann::json& saved, const nlohmann::json& wanted,
                             const std::string& where = "");

// For a training state at `path` trained with the `what` config `saved` (JSON text), and a run
// asking for `wanted`: LK_ERR_FORMAT naming the first differing setting and both values, or
// saying that a config is not JSON.
void require_same_config(const std::string& path, const char* what, const std::string& saved,
                         const std::string& wanted);

}  // namespace lk
