#include "arguments.h"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <cerrno>
#include <cstdlib>

namespace lk::cli {

bool Arguments::take_flag(const std::string& name) {
    const auto it = std::find(words_.begin(), words_.end(), name);
    if (it == words_.end()) return false;
    words_.erase(it);
    return true;
}

std::optional<std::string> Arguments::take_option(const std::string& name) {
    for (size_t i = 0; i < words_.size(); ++i) {
        if (words_[i] == name) {
            if (i + 1 >= words_.size()) throw UsageError(fmt::format("{} needs a value", name));
            std::string value = words_[i + 1];
            words_.erase(words_.begin() + long(i), words_.begin() + long(i) + 2);
            return value;
        }
        if (words_[i].rfind(name + "=", 0) == 0) {
            std::string value = words_[i].substr(name.size() + 1);
            words_.erase(words_.begin() + long(i));
            return value;
        }
    }
    return std::nullopt;
}

std::optional<long> Arguments::take_integer(const std::string& name, long min, long max) {
    const std::optional<std::string> text = take_option(name);
    if (!text) return std::nullopt;
    errno = 0;
    char* end = nullptr;
    const long value = std::strtol(text->c_str(), &end, 10);
    if (text->empty() || *end != '\0' || errno == ERANGE || value < min || value > max)
        throw UsageError(fmt::format("{} takes a whole number from {} to {}, not '{}'", name, min,
                                     max, *text));
    return value;
}

std::optional<double> Arguments::take_number(const std::string& name, double min, double max) {
    const std::optional<std::string> text = take_option(name);
    if (!text) return std::nullopt;
    errno = 0;
    char* end = nullptr;
    const double value = std::strtod(text->c_str(), &end);
    // The negated comparison also catches NaN.
    if (text->empty() || *end != '\0' || errno == ERANGE || !(value >= min && value <= max))
        throw UsageError(fmt::format("{} takes a number from {} to {}, not '{}'", name, min, max,
                                     *text));
    return value;
}

std::optional<std::string> Arguments::take_choice(const std::string& name,
                                                  const std::vector<std::string>& choices) {
    std::optional<std::string> value = take_option(name);
    if (value && std::find(choices.begin(), choices.end(), *value) == choices.end())
        throw UsageError(fmt::format("{} takes one of {}, not '{}'", name,
                                     fmt::join(choices, "|"), *value));
    return value;
}

std::vector<std::string> Arguments::positionals(size_t count) {
    const std::vector<std::string> words = at_least(count);
    if (words.size() != count)
        throw UsageError(fmt::format("expected {} argument(s), got {}", count, words.size()));
    return words;
}

std::vector<std::string> Arguments::at_least(size_t min) {
    for (const std::string& word : words_)
        if (word.size() > 1 && word[0] == '-' && word != "-")
            throw UsageError(fmt::format("unknown option '{}'", word));
    if (words_.size() < min)
        throw UsageError(fmt::format("expected at least {} argument(s), got {}", min, words_.size()));
    return words_;
}

std::pair<uint32_t, uint32_t> parse_size(const std::string& text, const std::string& option) {
    unsigned long width = 0, height = 0;
    char tail = 0;
    if (std::sscanf(text.c_str(), "%lux%lu%c", &width, &height, &tail) != 2 || width == 0 ||
        height == 0 || width > 1000000 || height > 1000000)
        throw UsageError(fmt::format("{} takes WIDTHxHEIGHT in pixels (e.g. 512x512), not '{}'",
                                     option, text));
    return {uint32_t(width), uint32_t(height)};
}

}  // namespace lk::cli
