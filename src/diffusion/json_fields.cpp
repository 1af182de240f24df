#include "diffusion/json_fields.h"

#include "core/error.h"

namespace lk::diffusion {
namespace {

using nlohmann::json;

// The value of `key` when present and not null.
const json* field(const json& object, const char* key) {
    const auto found = object.find(key);
    return found == object.end() || found->is_null() ? nullptr : &*found;
}

[[noreturn]] void wrong_type(const json& value, const char* key, const char* expected, const std::string& name) {
    fail(LK_ERR_FORMAT, "{}: \"{}\" is {}; expected {}", printable(name), key, printable(value.dump()), expected);
}

}  // namespace

json parse_json_object(std::string_view text, const std::string& name) {
    json parsed;
    try {
        parsed = json::parse(text.begin(), text.end());
    } catch (const json::parse_error& e) {
        fail(LK_ERR_FORMAT, "{} is not valid JSON: {}", printable(name), e.what());
    }
    if (!parsed.is_object()) fail(LK_ERR_FORMAT, "{} is not a JSON object", printable(name));
    return parsed;
}

int64_t json_integer(const json& object, const char* key, int64_t fallback, int64_t minimum, const std::string& name) {
    const json* value = field(object, key);
    if (!value) return fallback;
    if (!value->is_number_integer()) wrong_type(*value, key, "an integer", name);
    const int64_t result = value->get<int64_t>();
    if (result < minimum)
        fail(LK_ERR_FORMAT, "{}: \"{}\" is {}; expected at least {}", printable(name), key, result, minimum);
    return result;
}

double json_number(const json& object, const char* key, double fallback, const std::string& name) {
    const json* value = field(object, key);
    if (!value) return fallback;
    if (!value->is_number()) wrong_type(*value, key, "a number", name);
    return value->get<double>();
}

bool json_bool(const json& object, const char* key, bool fallback, const std::string& name) {
    const json* value = field(object, key);
    if (!value) return fallback;
    if (!value->is_boolean()) wrong_type(*value, key, "true or false", name);
    return value->get<bool>();
}

std::string json_string(const json& object, const char* key, const std::string& fallback, const std::string& name) {
    const json* value = field(object, key);
    if (!value) return fallback;
    if (!value->is_string()) wrong_type(*value, key, "a string", name);
    return value->get<std::string>();
}

}  // namespace lk::diffusion
