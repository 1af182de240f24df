// A CLIP-shaped vocabulary small enough to reason about: byte b's symbol has id b, the same
// closed by "</w>" id 256 + b, then two merges ("c a" -> "ca" 512, "ca t</w>" -> "cat</w>" 513),
// then <|startoftext|> 514 and <|endoftext|> 515. So "cat" is one token and anything else spells
// out byte by byte.
#pragma once

#include "core/utf8.h"

#include <nlohmann/json.hpp>

#include <string>

namespace lk::test {

constexpr int kTinyCat = 513, kTinyBos = 514, kTinyEos = 515;

// The id of the closing symbol of an ASCII character, and of one inside a word.
constexpr int tiny_last(char c) { return 256 + c; }
constexpr int tiny_inner(char c) { return c; }

inline std::string tiny_clip_vocab_json() {
    nlohmann::json vocab = nlohmann::json::object();
    // GPT-2's byte map, as the tokenizer applies it: printable Latin-1 bytes stand for themselves.
    int next = 256;
    for (int b = 0; b < 256; ++b) {
        const bool printable = (b >= 33 && b <= 126) || (b >= 161 && b <= 172) || b >= 174;
        std::string symbol;
        append_utf8(symbol, printable ? char32_t(b) : char32_t(next++));
        vocab[symbol] = b;
        vocab[symbol + "</w>"] = 256 + b;
    }
    vocab["ca"] = 512;
    vocab["cat</w>"] = 513;
    vocab["<|startoftext|>"] = 514;
    vocab["<|endoftext|>"] = 515;
    return vocab.dump();
}

inline std::string tiny_clip_merges() { return "#version: 0.2\nc a\nca t</w>\n"; }

}  // namespace lk::test
