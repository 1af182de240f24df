#include "diffusion/clip_tokenizer.h"

#include "core/error.h"
#include "core/utf8.h"
#include "diffusion/prompt_attention.h"
#include "diffusion/unicode.h"
#include "io/file.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <filesystem>
#include <utility>
#include <cmath>
#include <limits>

namespace lk::diffusion {
namespace {

using nlohmann::json;

constexpr std::string_view kBosText = "<|startoftext|>";
constexpr std::string_view kEosText = "<|endoftext|>";
constexpr std::string_view kEndOfWord = "</w>";
// Words seen once are common in long prompts; the cache is emptied when it grows past this.
constexpr size_t kMaxCachedWords = 10000;

std::string file_text(const std::string& path) {
    const std::vector<uint8_t> bytes = io::read_file(path);
    return std::string(bytes.begin(), bytes.end());
}

json parse_json(std::string_view text, const char* what, const std::string& name) {
    try {
        return json::parse(text.begin(), text.end());
    } catch (const json::parse_error& e) {
        fail(LK_ERR_FORMAT, "{} '{}' is not valid JSON: {}", what, printable(name), e.what());
    }
}

std::unordered_map<std::string, int32_t> parse_vocab(const json& vocab, const std::string& name) {
    if (!vocab.is_object())
        fail(LK_ERR_FORMAT, "CLIP vocabulary '{}' is not a JSON object of token -> id", printable(name));
    std::unordered_map<std::string, int32_t> out;
    out.reserve(vocab.size());
    for (const auto& [token, id] : vocab.items()) {
        if (!id.is_number_integer() || id.get<int64_t>() < 0 ||
            id.get<int64_t>() > std::numeric_limits<int32_t>::max())
            fail(LK_ERR_FORMAT, "CLIP vocabulary '{}': token \"{}\" has id {}; expected an integer from 0 to {}",
                 printable(name), printable(token), id.dump(), std::numeric_limits<int32_t>::max());
        out.emplace(token, id.get<int32_t>());
    }
    return out;
}

// The tokens of a tokenizer.json merge: ["left", "right"] (tokenizers 0.20 on) or "left right".
std::pair<std::string, std::string> merge_pair(const json& merge, size_t index, const std::string& name) {
    if (merge.is_array() && merge.size() == 2 && merge[0].is_string() && merge[1].is_string())
        return {merge[0].get<std::string>(), merge[1].get<std::string>()};
    if (merge.is_string()) {
        const std::string text = merge.get<std::string>();
        const size_t space = text.find(' ');
        if (space != 0 && space != std::string::npos && space + 1 < text.size() &&
            text.find(' ', space + 1) == std::string::npos)
            return {text.substr(0, space), text.substr(space + 1)};
    }
    fail(LK_ERR_FORMAT, "tokenizer '{}': model.merges[{}] is {}; expected [\"left\", \"right\"] or \"left right\"",
         printable(name), index, printable(merge.dump()));
}

int32_t special_id(const std::unordered_map<std::string, int32_t>& vocab, std::string_view token,
                   const std::string& name) {
    const auto found = vocab.find(std::string(token));
    if (found == vocab.end())
        fail(LK_ERR_FORMAT, "CLIP vocabulary '{}' has no \"{}\"; expected CLIP's special tokens", printable(name),
             token);
    return found->second;
}

// GPT-2's reversible byte -> character map: printable Latin-1 bytes stand for themselves, the
// others for the characters from U+0100 on, in byte order, so that no byte becomes white space.
void fill_byte_symbols(std::string (&symbols)[256]) {
    char32_t next = 256;
    for (int b = 0; b < 256; ++b) {
        const bool printable_byte = (b >= 33 && b <= 126) || (b >= 161 && b <= 172) || b >= 174;
        append_utf8(symbols[b], printable_byte ? char32_t(b) : next++);
    }
}

// The text as CLIP's normalizer leaves it: NFC, each run of white space one space, lower case.
std::u32string normalize(std::string_view text) {
    const std::u32string composed = unicode::nfc(unicode::decode_utf8(text));
    std::u32string out;
    out.reserve(composed.size());
    for (size_t i = 0; i < composed.size();) {
        if (unicode::is_white_space(composed[i])) {
            out += U' ';
            while (i < composed.size() && unicode::is_white_space(composed[i])) ++i;
            continue;
        }
        unicode::append_lower(composed[i++], out);
    }
    return out;
}

bool starts_with(const std::u32string& text, size_t at, std::string_view ascii) {
    if (text.size() - at < ascii.size()) return false;
    for (size_t k = 0; k < ascii.size(); ++k)
        if (text[at + k] != char32_t(static_cast<unsigned char>(ascii[k]))) return false;
    return true;
}

// The length of the pre-token at `at` (not white space), by CLIP's pattern
//   's|'t|'re|'ve|'m|'ll|'d|[\p{L}]+|[\p{N}]|[^\s\p{L}\p{N}]+
// whose alternatives are tried in order at each start. transformers' pattern also lists
// "<|startoftext|>" and "<|endoftext|>", but its byte-level step then splits every piece again by
// GPT-2's pattern, which cuts those two into "<|", the letters and "|>", as this pattern does;
// every other piece comes through that second split whole.
size_t pre_token_length(const std::u32string& text, size_t at) {
    for (const std::string_view literal : {"'s", "'t", "'re", "'ve", "'m", "'ll", "'d"})
        if (starts_with(text, at, literal)) return literal.size();
    size_t end = at;
    if (unicode::is_letter(text[at])) {
        while (end < text.size() && unicode::is_letter(text[end])) ++end;
        return end - at;
    }
    if (unicode::is_number(text[at])) return 1;
    while (end < text.size() && !unicode::is_white_space(text[end]) && !unicode::is_letter(text[end]) &&
           !unicode::is_number(text[end]))
        ++end;
    return end - at;
}

}  // namespace

ClipTokenizer ClipTokenizer::from_files(const std::string& vocab_path, const std::string& merges_path) {
    return ClipTokenizer(file_text(vocab_path), file_text(merges_path), vocab_path, merges_path);
}

ClipTokenizer::ClipTokenizer(std::string_view vocab_json, std::string_view merges_text,
                             const std::string& vocab_name, const std::string& merges_name)
    : ClipTokenizer(parse_vocab(parse_json(vocab_json, "CLIP vocabulary", vocab_name), vocab_name), vocab_name) {
    size_t line_number = 0;
    for (size_t start = 0; start < merges_text.size();) {
        size_t end = merges_text.find('\n', start);
        if (end == std::string_view::npos) end = merges_text.size();
        std::string_view line = merges_text.substr(start, end - start);
        start = end + 1;
        ++line_number;
        if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
        if ((line_number == 1 && line.substr(0, 8) == "#version") || line.empty()) continue;
        const size_t space = line.find(' ');
        if (space == 0 || space == std::string_view::npos || space + 1 == line.size() ||
            line.find(' ', space + 1) != std::string_view::npos)
            fail(LK_ERR_FORMAT, "CLIP merges '{}' line {}: \"{}\" is not two tokens separated by one space",
                 printable(merges_name), line_number, printable(line));
        add_merge(line.substr(0, space), line.substr(space + 1),
                  fmt::format("CLIP merges '{}' line {}", printable(merges_name), line_number), vocab_name);
    }
}

ClipTokenizer::ClipTokenizer(std::unordered_map<std::string, int32_t> vocab, const std::string& vocab_name)
    : vocab_(std::move(vocab)), bos_(special_id(vocab_, kBosText, vocab_name)), eos_(special_id(vocab_, kEosText, vocab_name)) {
    fill_byte_symbols(byte_symbols_);
}

void ClipTokenizer::add_merge(std::string_view left, std::string_view right, const std::string& where,
                              const std::string& vocab_name) {
    std::string pair;
    pair.append(left).append(" ").append(right);
    for (const std::string& token : {std::string(left), std::string(right), std::string(left) + std::string(right)})
        if (!vocab_.count(token))
            fail(LK_ERR_FORMAT, "{}: \"{}\" is not in the vocabulary '{}'", where, printable(token), printable(vocab_name));
    // A pair listed twice keeps its first (lower) rank.
    ranks_.emplace(std::move(pair), uint32_t(ranks_.size()));
}

ClipTokenizer ClipTokenizer::from_tokenizer_json(const std::string& path) {
    return from_tokenizer_json_text(file_text(path), path);
}

ClipTokenizer ClipTokenizer::from_tokenizer_json_text(std::string_view text, const std::string& name) {
    const json parsed = parse_json(text, "tokenizer", name);
    const auto model = parsed.is_object() ? parsed.find("model") : parsed.end();
    if (model == parsed.end() || !model->is_object())
        fail(LK_ERR_FORMAT, "tokenizer '{}' has no \"model\" object; expected a tokenizer.json of the tokenizers library",
             printable(name));
    // CLIP's BPE closes words with "</w>"; GPT-2-style byte-level BPEs (SD 2.x's OpenCLIP is
    // CLIP's own) mark word starts instead and would tokenize differently here.
    const json type = model->value("type", json()), suffix = model->value("end_of_word_suffix", json());
    if (type != "BPE" || suffix != kEndOfWord)
        fail(LK_ERR_FORMAT, "tokenizer '{}': model type {} with end_of_word_suffix {}; expected CLIP's \"BPE\" with \"</w>\"",
             printable(name), printable(type.dump()), printable(suffix.dump()));
    const auto vocab = model->find("vocab"), merges = model->find("merges");
    if (vocab == model->end() || merges == model->end() || !merges->is_array())
        fail(LK_ERR_FORMAT, "tokenizer '{}': model lacks \"vocab\" or a \"merges\" array", printable(name));
    std::unordered_map<std::string, int32_t> tokens = parse_vocab(*vocab, name);
    // The special tokens may live only among the added tokens.
    for (const json& added : parsed.value("added_tokens", json::array()))
        if (added.is_object() && added.value("content", json()).is_string() && added.value("id", json()).is_number_integer())
            tokens.emplace(added["content"].get<std::string>(), added["id"].get<int32_t>());
    ClipTokenizer tokenizer(std::move(tokens), name);
    for (size_t i = 0; i < merges->size(); ++i) {
        const auto [left, right] = merge_pair((*merges)[i], i, name);
        tokenizer.add_merge(left, right, fmt::format("tokenizer '{}' model.merges[{}]", printable(name), i), name);
    }
    return tokenizer;
}

ClipTokenizer ClipTokenizer::from_folder(const std::string& folder) {
    const std::filesystem::path dir(folder);
    const std::filesystem::path vocab = dir / "vocab.json", merges = dir / "merges.txt", json_file = dir / "tokenizer.json";
    if (std::filesystem::is_regular_file(vocab) && std::filesystem::is_regular_file(merges))
        return from_files(vocab.string(), merges.string());
    if (std::filesystem::is_regular_file(json_file)) return from_tokenizer_json(json_file.string());
    fail(LK_ERR_IO, "no CLIP tokenizer in '{}': expected vocab.json and merges.txt, or tokenizer.json",
         printable(folder));
}

ClipTokenizer::ClipTokenizer(ClipTokenizer&& other) noexcept
    : vocab_(std::move(other.vocab_)),
      ranks_(std::move(other.ranks_)),
      bos_(other.bos_),
      eos_(other.eos_),
      cache_(std::move(other.cache_)) {
    std::move(std::begin(other.byte_symbols_), std::end(other.byte_symbols_), std::begin(byte_symbols_));
}

std::vector<int32_t> ClipTokenizer::encode(std::string_view text) const {
    std::vector<int32_t> ids;
    // Literal special tokens in the raw text are those tokens, as transformers reads them.
    for (size_t start = 0;;) {
        const size_t bos_at = text.find(kBosText, start), eos_at = text.find(kEosText, start);
        const size_t at = std::min(bos_at, eos_at);
        encode_segment(text.substr(start, at == std::string_view::npos ? std::string_view::npos : at - start), ids);
        if (at == std::string_view::npos) return ids;
        ids.push_back(at == bos_at ? bos_ : eos_);
        start = at + (at == bos_at ? kBosText.size() : kEosText.size());
    }
}

void ClipTokenizer::encode_segment(std::string_view text, std::vector<int32_t>& ids) const {
    const std::u32string normalized = normalize(text);
    std::string utf8, word;
    for (size_t at = 0; at < normalized.size();) {
        if (unicode::is_white_space(normalized[at])) {
            ++at;
            continue;
        }
        const size_t length = pre_token_length(normalized, at);
        utf8.clear();
        for (size_t k = at; k < at + length; ++k) append_utf8(utf8, normalized[k]);
        at += length;
        word.clear();
        for (const char byte : utf8) word += byte_symbols_[static_cast<unsigned char>(byte)];
        encode_word(word, ids);
    }
}

void ClipTokenizer::encode_word(const std::string& word, std::vector<int32_t>& ids) const {
    {
        std::lock_guard<std::mutex> lock(cache_mutex_);
        const auto cached = cache_.find(word);
        if (cached != cache_.end()) {
            ids.insert(ids.end(), cached->second.begin(), cached->second.end());
            return;
        }
    }
    // Symbols: the word's characters, the last one closed by "</w>".
    std::vector<std::string> symbols;
    for (size_t i = 0; i < word.size();) {
        const unsigned char lead = static_cast<unsigned char>(word[i]);
        const size_t length = lead < 0x80 ? 1 : lead < 0xE0 ? 2 : lead < 0xF0 ? 3 : 4;
        symbols.emplace_back(word.substr(i, length));
        i += length;
    }
    symbols.back() += kEndOfWord;
    // Merge the best-ranked adjacent pair, every occurrence of it from the left, until none ranks.
    std::string pair;
    while (symbols.size() > 1) {
        uint32_t best = std::numeric_limits<uint32_t>::max();
        size_t best_at = 0;
        for (size_t i = 0; i + 1 < symbols.size(); ++i) {
            pair.assign(symbols[i]).append(" ").append(symbols[i + 1]);
            const auto rank = ranks_.find(pair);
            if (rank != ranks_.end() && rank->second < best) best = rank->second, best_at = i;
        }
        if (best == std::numeric_limits<uint32_t>::max()) break;
        const std::string left = symbols[best_at], right = symbols[best_at + 1];
        std::vector<std::string> merged;
        merged.reserve(symbols.size());
        for (size_t i = 0; i < symbols.size();) {
            if (i + 1 < symbols.size() && symbols[i] == left && symbols[i + 1] == right) {
                merged.push_back(left + right);
                i += 2;
            } else {
                merged.push_back(std::move(symbols[i++]));
            }
        }
        symbols = std::move(merged);
    }
    std::vector<int32_t> word_ids;
    word_ids.reserve(symbols.size());
    // A symbol outside the vocabulary (only with a vocabulary lacking some bytes) reads as the
    // unknown token, which CLIP's is <|endoftext|>.
    for (const std::string& symbol : symbols) {
        const auto found = vocab_.find(symbol);
        word_ids.push_back(found == vocab_.end() ? eos_ : found->second);
    }
    ids.insert(ids.end(), word_ids.begin(), word_ids.end());
    std::lock_guard<std::mutex> lock(cache_mutex_);
    if (cache_.size() >= kMaxCachedWords) cache_.clear();
    cache_.emplace(word, std::move(word_ids));
}

PromptWindows ClipTokenizer::windows(std::string_view prompt) const {
    std::vector<int32_t> tokens;
    std::vector<float> token_weights;
    for (const WeightedText& part : parse_prompt_attention(prompt)) {
        const std::vector<int32_t> ids = encode(part.text);
        tokens.insert(tokens.end(), ids.begin(), ids.end());
        token_weights.insert(token_weights.end(), ids.size(), float(part.weight));
        if (tokens.size() > kMaxWindows * kWindowTokens)
            fail(LK_ERR_INVALID_ARGUMENT,
                 "the prompt has more than {} tokens; expected at most {} windows of {} tokens", kMaxWindows * kWindowTokens,
                 kMaxWindows, kWindowTokens);
    }
    PromptWindows out;
    out.count = std::max<size_t>(1, (tokens.size() + kWindowTokens - 1) / kWindowTokens);
    out.ids.assign(out.count * kWindowLength, eos_);
    out.weights.assign(out.count * kWindowLength, 1.0f);
    for (size_t w = 0; w < out.count; ++w) {
        const size_t row = w * kWindowLength, first = w * kWindowTokens;
        const size_t n = std::min(kWindowTokens, tokens.size() - std::min(tokens.size(), first));
        out.ids[row] = bos_;
        std::copy_n(tokens.begin() + first, n, out.ids.begin() + row + 1);
        std::copy_n(token_weights.begin() + first, n, out.weights.begin() + row + 1);
    }
    return out;
}

}  // namespace lk::diffusion
