// Reading diffusers' config.json files strictly (the typed fields from json_fields.h): every key is either read, held to the values
// the model implements, or known not to change the computation; any other key is refused by
// name, so that a checkpoint of a variant the code does not implement fails at load rather than
// computing something else.
#pragma once

#include <nlohmann/json.hpp>

#include <cstdint>
#include <initializer_list>
#include <set>
#include <string>
#include <vector>

namespace lk::diffusion {

class DiffusersConfig {
public:
    // `name` names the file in errors ("unet/config.json"). LK_ERR_FORMAT unless `text` is a
    // JSON object. The scalar readers are json_fields.h's, and so are their errors.
    DiffusersConfig(const std::string& text, std::string name);

    // The key's value, or `fallback` where it is absent or null; LK_ERR_FORMAT naming the key if
    // it has another type or is below `minimum`.
    int64_t integer(const char* key, int64_t fallback, int64_t minimum);
    double number(const char* key, double fallback);
    bool boolean(const char* key, bool fallback);
    std::vector<int64_t> integers(const char* key, std::vector<int64_t> fallback, int64_t minimum);
    std::vector<std::string> strings(const char* key, std::vector<std::string> fallback);
    // An integer or a list of them (diffusers accepts both for per-block values).
    std::vector<int64_t> integer_or_list(const char* key, std::vector<int64_t> fallback,
                                         int64_t minimum);

    // The key, where present, must equal one of `accepted` (null meaning diffusers' default);
    // otherwise LK_ERR_FORMAT naming the key, its value and what is supported.
    void require(const char* key, std::initializer_list<nlohmann::json> accepted);
    // Keys that do not change what inference computes (dropout, attention upcasting).
    void ignore(std::initializer_list<const char*> keys);
    // LK_ERR_FORMAT naming the first key not read, required or ignored (diffusers' own "_..."
    // bookkeeping keys excepted).
    void finish() const;

    const std::string& name() const { return name_; }

private:
    const nlohmann::json* find(const char* key);  // null where absent or JSON null

    nlohmann::json root_;
    std::string name_;
    std::set<std::string> seen_;
};

}  // namespace lk::diffusion
