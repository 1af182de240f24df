// Command-line words after the command's name: options (--name value, --flag) and positionals.
#pragma once

#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

namespace lk::cli {

// The user typed something the command cannot take: exit code 2, with the usage line.
class UsageError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

class Arguments {
public:
    explicit Arguments(std::vector<std::string> words) : words_(std::move(words)) {}

    // Removes --name and reports whether it was there.
    bool take_flag(const std::string& name);
    // Removes --name VALUE (or --name=VALUE) and returns VALUE.
    std::optional<std::string> take_option(const std::string& name);
    std::optional<long> take_integer(const std::string& name, long min, long max);
    // A finite decimal number in [min, max]; NaN and infinities are usage errors.
    std::optional<double> take_number(const std::string& name, double min, double max);
    // One of `choices`, e.g. --noise const|random|none.
    std::optional<std::string> take_choice(const std::string& name,
                                           const std::vector<std::string>& choices);
    // What is left, in order; throws UsageError if an unknown --option is among them or the
    // count differs from `count`.
    std::vector<std::string> positionals(size_t count);
    // As positionals(), for `min` or more.
    std::vector<std::string> at_least(size_t min);

private:
    std::vector<std::string> words_;
};

// Parses "WxH" (e.g. 512x512).
std::pair<uint32_t, uint32_t> parse_size(const std::string& text, const std::string& option);

}  // namespace lk::cli
