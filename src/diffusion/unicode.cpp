#include "diffusion/unicode.h"

#include "core/utf8.h"
#include "diffusion/unicode_tables.h"

#include <algorithm>

namespace lk::diffusion::unicode {
namespace {

bool in_ranges(const CodeRange* ranges, size_t count, char32_t c) {
    const CodeRange* end = ranges + count;
    const CodeRange* it = std::upper_bound(ranges, end, c, [](char32_t v, const CodeRange& r) { return v < r.first; });
    return it != ranges && c <= (it - 1)->last;
}

uint8_t combining_class(char32_t c) {
    const CombiningClass* end = kCombiningClasses + kCombiningClassesCount;
    const CombiningClass* it = std::upper_bound(kCombiningClasses, end, c,
                                                [](char32_t v, const CombiningClass& r) { return v < r.first; });
    return it != kCombiningClasses && c <= (it - 1)->last ? (it - 1)->value : 0;
}

// Hangul syllables decompose and compose by formula (Unicode chapter 3.12).
constexpr char32_t kSBase = 0xAC00, kLBase = 0x1100, kVBase = 0x1161, kTBase = 0x11A7;
constexpr char32_t kLCount = 19, kVCount = 21, kTCount = 28, kNCount = kVCount * kTCount,
                   kSCount = kLCount * kNCount;

void append_decomposed(char32_t c, std::u32string& out) {
    if (c >= kSBase && c < kSBase + kSCount) {
        const char32_t s = c - kSBase;
        out += kLBase + s / kNCount;
        out += kVBase + (s % kNCount) / kTCount;
        if (s % kTCount) out += kTBase + s % kTCount;
        return;
    }
    const Decomposition* end = kDecompositions + kDecompositionsCount;
    const Decomposition* it = std::lower_bound(kDecompositions, end, c,
                                               [](const Decomposition& d, char32_t v) { return d.code < v; });
    if (it != end && it->code == c)
        out.append(kDecomposedCodePoints + it->offset, it->length);
    else
        out += c;
}

// The primary composite of a pair, or 0.
char32_t compose(char32_t first, char32_t second) {
    if (first >= kLBase && first < kLBase + kLCount && second >= kVBase && second < kVBase + kVCount)
        return kSBase + ((first - kLBase) * kVCount + (second - kVBase)) * kTCount;
    if (first >= kSBase && first < kSBase + kSCount && (first - kSBase) % kTCount == 0 && second > kTBase &&
        second < kTBase + kTCount)
        return first + (second - kTBase);
    const Composition* end = kCompositions + kCompositionsCount;
    const Composition* it = std::lower_bound(kCompositions, end, std::make_pair(first, second),
                                             [](const Composition& c, const std::pair<char32_t, char32_t>& v) {
                                                 return std::make_pair(c.first, c.second) < v;
                                             });
    return it != end && it->first == first && it->second == second ? it->composite : 0;
}

}  // namespace

bool is_letter(char32_t c) { return in_ranges(kLetters, kLettersCount, c); }
bool is_number(char32_t c) { return in_ranges(kNumbers, kNumbersCount, c); }
bool is_white_space(char32_t c) { return in_ranges(kWhiteSpace, kWhiteSpaceCount, c); }

void append_lower(char32_t c, std::u32string& out) {
    const LowerCase* end = kLowerCase + kLowerCaseCount;
    const LowerCase* it = std::lower_bound(kLowerCase, end, c, [](const LowerCase& l, char32_t v) { return l.code < v; });
    if (it == end || it->code != c) {
        out += c;
        return;
    }
    out += it->lower;
    if (it->second) out += it->second;
}

std::u32string nfc(std::u32string_view text) {
    std::u32string decomposed;
    decomposed.reserve(text.size());
    for (const char32_t c : text) append_decomposed(c, decomposed);
    // Canonical order: a stable sort of each run of non-starters by combining class.
    for (size_t i = 0; i < decomposed.size();) {
        if (!combining_class(decomposed[i])) {
            ++i;
            continue;
        }
        size_t j = i;
        while (j < decomposed.size() && combining_class(decomposed[j])) ++j;
        std::stable_sort(decomposed.begin() + i, decomposed.begin() + j,
                         [](char32_t a, char32_t b) { return combining_class(a) < combining_class(b); });
        i = j;
    }
    // Canonical composition: each character joins the last starter unless a character between them
    // blocks it (a starter, or one of the same or a higher combining class).
    std::u32string out;
    out.reserve(decomposed.size());
    size_t starter = std::u32string::npos;
    int last_class = -1;
    for (const char32_t c : decomposed) {
        const int c_class = combining_class(c);
        if (starter != std::u32string::npos) {
            const bool blocked = last_class != -1 && (last_class == 0 || last_class >= c_class);
            if (!blocked) {
                if (const char32_t composite = compose(out[starter], c)) {
                    out[starter] = composite;
                    continue;
                }
            }
        }
        if (c_class == 0) {
            starter = out.size();
            last_class = -1;
        } else {
            last_class = c_class;
        }
        out += c;
    }
    return out;
}

std::u32string decode_utf8(std::string_view text) {
    std::u32string out;
    out.reserve(text.size());
    for (size_t i = 0; i < text.size();) {
        const size_t length = utf8_sequence_length(text, i);
        if (length == 0) {
            out += char32_t(0xFFFD);
            ++i;
            continue;
        }
        const unsigned char lead = static_cast<unsigned char>(text[i]);
        char32_t c = length == 1 ? lead : length == 2 ? lead & 0x1F : length == 3 ? lead & 0x0F : lead & 0x07;
        for (size_t k = 1; k < length; ++k) c = (c << 6) | (static_cast<unsigned char>(text[i + k]) & 0x3F);
        out += c;
        i += length;
    }
    return out;
}

}  // namespace lk::diffusion::unicode
