#include "diffusion/diffusers_config.h"

#include "core/error.h"
#include "diffusion/json_fields.h"

namespace lk::diffusion {

using nlohmann::json;

DiffusersConfig::DiffusersConfig(const std::string& text, std::string name)
    : root_(parse_json_object(text, name)), name_(std::move(name)) {}

const json* DiffusersConfig::find(const char* key) {
    seen_.insert(key);
    const auto found = root_.find(key);
    return found == root_.end() || found->is_null() ? nullptr : &*found;
}

int64_t DiffusersConfig::integer(const char* key, int64_t fallback, int64_t minimum) {
    seen_.insert(key);
    return json_integer(root_, key, fallback, minimum, name_);
}

double DiffusersConfig::number(const char* key, double fallback) {
    seen_.insert(key);
    return json_number(root_, key, fallback, name_);
}

bool DiffusersConfig::boolean(const char* key, bool fallback) {
    seen_.insert(key);
    return json_bool(root_, key, fallback, name_);
}

std::vector<int64_t> DiffusersConfig::integers(const char* key, std::vector<int64_t> fallback,
                                               int64_t minimum) {
    const json* value = find(key);
    if (!value) return fallback;
    bool valid = value->is_array() && !value->empty();
    for (const json& item : *value)
        valid = valid && item.is_number_integer() && item.get<int64_t>() >= minimum;
    if (!valid)
        fail(LK_ERR_FORMAT, "{}: \"{}\" must be a non-empty list of integers of at least {}, got {}",
             printable(name_), key, minimum, value->dump());
    return value->get<std::vector<int64_t>>();
}

std::vector<int64_t> DiffusersConfig::integer_or_list(const char* key,
                                                      std::vector<int64_t> fallback,
                                                      int64_t minimum) {
    const json* value = find(key);
    if (value && !value->is_array()) return {integer(key, 0, minimum)};
    return integers(key, std::move(fallback), minimum);
}

std::vector<std::string> DiffusersConfig::strings(const char* key,
                                                  std::vector<std::string> fallback) {
    const json* value = find(key);
    if (!value) return fallback;
    bool valid = value->is_array() && !value->empty();
    for (const json& item : *value) valid = valid && item.is_string();
    if (!valid)
        fail(LK_ERR_FORMAT, "{}: \"{}\" must be a non-empty list of strings, got {}",
             printable(name_), key, value->dump());
    return value->get<std::vector<std::string>>();
}

void DiffusersConfig::require(const char* key, std::initializer_list<json> accepted) {
    seen_.insert(key);
    const auto found = root_.find(key);
    if (found == root_.end()) return;
    json supported = json::array();
    for (const json& value : accepted) {
        if (*found == value) return;
        supported.push_back(value);
    }
    fail(LK_ERR_FORMAT, "{}: \"{}\" is {}, which is not supported (supported: {})",
         printable(name_), key, found->dump(), supported.dump());
}

void DiffusersConfig::ignore(std::initializer_list<const char*> keys) {
    seen_.insert(keys.begin(), keys.end());
}

void DiffusersConfig::finish() const {
    for (const auto& item : root_.items())
        if (!item.key().empty() && item.key()[0] != '_' && !seen_.count(item.key()))
            fail(LK_ERR_FORMAT, "{}: the key \"{}\" (set to {}) is not supported",
                 printable(name_), printable(item.key()), item.value().dump());
}

}  // namespace lk::diffusion
