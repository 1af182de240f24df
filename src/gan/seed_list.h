// Seed lists as people type them: "0-999", "1,5,9-12". The seeds name latents the way NVIDIA's
// generate.py does (see seeds.h), so they share its range.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string_view>
#include <vector>

namespace lk::gan {

// More seeds than this in one list is almost surely a typo (and would cost gigabytes).
constexpr std::size_t max_seed_list_length = std::size_t(1) << 24;

// Comma-separated seeds and inclusive ranges A-B (A <= B), each in [0, 2^32-1]; spaces around
// items are allowed, order and repeats are kept. LK_ERR_INVALID_ARGUMENT naming the offending
// item for anything else: an empty list or item, a sign, a reversed range, a seed beyond
// 2^32-1, or more than max_seed_list_length seeds in all.
std::vector<std::uint32_t> parse_seed_list(std::string_view text);

}  // namespace lk::gan
