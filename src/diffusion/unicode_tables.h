// The Unicode data behind unicode.h, generated into unicode_tables.cpp by
// scripts/gen_unicode_tables.py (the Unicode version is kUnicodeVersion). Every table is sorted
// by code point, for binary search.
#pragma once

#include <cstddef>
#include <cstdint>

namespace lk::diffusion::unicode {

struct CodeRange { char32_t first, last; };
// `lower` is the character's lower case; `second` the second character where that is two (U+0130).
struct LowerCase { char32_t code, lower, second; };
struct CombiningClass { char32_t first, last; uint8_t value; };
// The full canonical decomposition: kDecomposedCodePoints[offset, offset + length).
struct Decomposition { char32_t code; uint16_t offset; uint8_t length; };
// A primary composite: `first` followed by `second` composes to `composite`. Sorted by the pair.
struct Composition { char32_t first, second, composite; };

extern const char* const kUnicodeVersion;
extern const CodeRange kLetters[], kNumbers[], kWhiteSpace[];
extern const size_t kLettersCount, kNumbersCount, kWhiteSpaceCount;
extern const LowerCase kLowerCase[];
extern const size_t kLowerCaseCount;
extern const CombiningClass kCombiningClasses[];
extern const size_t kCombiningClassesCount;
extern const char32_t kDecomposedCodePoints[];
extern const Decomposition kDecompositions[];
extern const size_t kDecompositionsCount;
extern const Composition kCompositions[];
extern const size_t kCompositionsCount;

}  // namespace lk::diffusion::unicode
