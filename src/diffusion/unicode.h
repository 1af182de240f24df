// The few Unicode operations that CLIP's text normalization needs, over code points: the
// character classes of its pre-tokenizer, lower-casing, and NFC. Data from unicode_tables.cpp.
#pragma once

#include <string>
#include <string_view>

namespace lk::diffusion::unicode {

bool is_letter(char32_t c);       // general category L*
bool is_number(char32_t c);       // general category N*
bool is_white_space(char32_t c);  // the White_Space property

// Appends c's lower case, character by character as Rust's char::to_lowercase does (no final
// sigma rule: the CLIP normalizer lower-cases each character alone).
void append_lower(char32_t c, std::u32string& out);

// Canonical composition (Normalization Form C).
std::u32string nfc(std::u32string_view text);

// UTF-8 to code points; each byte that starts no valid sequence becomes U+FFFD.
std::u32string decode_utf8(std::string_view text);

}  // namespace lk::diffusion::unicode
