#include "gan/seed_list.h"

#include "core/error.h"

#include <cctype>
#include <string>

namespace lk::gan {
namespace {

constexpr std::uint64_t max_seed = 0xFFFFFFFFu;

std::string_view trimmed(std::string_view text) {
    const auto space = [](char c) { return std::isspace(static_cast<unsigned char>(c)) != 0; };
    while (!text.empty() && space(text.front())) text.remove_prefix(1);
    while (!text.empty() && space(text.back())) text.remove_suffix(1);
    return text;
}

// Digits only: a sign or anything else is refused rather than read as something else.
std::uint32_t parse_seed(std::string_view digits, std::string_view item) {
    const std::string_view text = trimmed(digits);
    if (text.empty())
        fail(LK_ERR_INVALID_ARGUMENT, "seed list item '{}' lacks a number; expected N or A-B",
             printable(item));
    std::uint64_t value = 0;
    for (const char c : text) {
        if (c < '0' || c > '9')
            fail(LK_ERR_INVALID_ARGUMENT,
                 "seed list item '{}' is not a seed or range; expected whole numbers N or A-B "
                 "from 0 to {}", printable(item), max_seed);
        value = value * 10 + std::uint64_t(c - '0');
        if (value > max_seed)
            fail(LK_ERR_INVALID_ARGUMENT, "seed {} in '{}' is beyond {}, the largest seed",
                 printable(text), printable(item), max_seed);
    }
    return std::uint32_t(value);
}

}  // namespace

std::vector<std::uint32_t> parse_seed_list(std::string_view text) {
    if (trimmed(text).empty())
        fail(LK_ERR_INVALID_ARGUMENT,
             "the seed list is empty; expected e.g. \"0-9\" or \"1,5,9-12\"");
    std::vector<std::uint32_t> seeds;
    size_t start = 0;
    while (start <= text.size()) {
        const size_t comma = std::min(text.find(',', start), text.size());
        const std::string_view item = trimmed(text.substr(start, comma - start));
        if (item.empty())
            fail(LK_ERR_INVALID_ARGUMENT, "the seed list \"{}\" has an empty item",
                 printable(text));
        const size_t dash = item.find('-');
        const std::uint32_t first = parse_seed(item.substr(0, dash), item);
        const std::uint32_t last =
            dash == std::string_view::npos ? first : parse_seed(item.substr(dash + 1), item);
        if (last < first)
            fail(LK_ERR_INVALID_ARGUMENT, "seed range '{}' runs backwards; write A-B with A <= B",
                 printable(item));
        if (std::uint64_t(last) - first + 1 > max_seed_list_length - seeds.size())
            fail(LK_ERR_INVALID_ARGUMENT, "the seed list \"{}\" holds more than {} seeds",
                 printable(text), max_seed_list_length);
        for (std::uint64_t seed = first; seed <= last; ++seed) seeds.push_back(std::uint32_t(seed));
        start = comma + 1;
    }
    return seeds;
}

}  // namespace lk::gan
