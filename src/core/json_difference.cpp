#include "core/json_difference.h"

#include "core/error.h"

#include <fmt/format.h>

namespace lk {

std::string first_difference(const nlohmann::json& saved, const nlohmann::json& wanted,
                             const std::string& where) {
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

void require_same_config(const std::string& path, const char* what, const std::string& saved,
                         const std::string& wanted) {
    nlohmann::json a, b;
    try {
        a = nlohmann::json::parse(saved);
        b = nlohmann::json::parse(wanted);
    } catch (const nlohmann::json::exception& e) {
        fail(LK_ERR_FORMAT, "{}: the {} config is not valid JSON: {}", printable(path), what,
             e.what());
    }
    const std::string difference = first_difference(a, b);
    if (!difference.empty())
        fail(LK_ERR_FORMAT,
             "{} was trained with another {}: {}; resume with the settings it was trained with",
             printable(path), what, difference);
}

}  // namespace lk
