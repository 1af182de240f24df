// CLIP's byte-level BPE tokenizer, as Stable Diffusion 1.x's text encoder reads prompts: the
// same ids as transformers' CLIPTokenizer (the tokenizers-backed one) for the same vocab.json and
// merges.txt. Text is split around literal "<|startoftext|>" / "<|endoftext|>", normalized (NFC,
// runs of white space to one space, lower case), pre-tokenized by CLIP's pattern (contractions,
// runs of letters, single digits, runs of other symbols), mapped byte by byte onto printable
// characters, and merged by rank with "</w>" closing each word.
//
// Thread-safe: the word cache is guarded, so one tokenizer may serve several threads.
#pragma once

#include <cstddef>
#include <cstdint>
#include <mutex>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace lk::diffusion {

// A prompt as the text encoder takes it: `count` windows of kWindowLength ids, each
// BOS, up to kWindowTokens prompt tokens, EOS, then EOS padding; `weights` gives each id its
// emphasis (1 for BOS, EOS and padding). Both row-major [count x kWindowLength].
struct PromptWindows {
    size_t count = 0;
    std::vector<int32_t> ids;
    std::vector<float> weights;
};

class ClipTokenizer {
public:
    static constexpr size_t kWindowLength = 77;
    static constexpr size_t kWindowTokens = kWindowLength - 2;
    // 19,200 tokens: a prompt of about 10,000 words with room to spare. Longer prompts are
    // refused rather than fed to the text encoder window after window for minutes.
    static constexpr size_t kMaxWindows = 256;

    // Reads a vocab.json (token -> id) and a merges.txt (one "left right" pair per line by rank,
    // an optional "#version" first line). A file that cannot be read is LK_ERR_IO; one that is
    // not of that form is LK_ERR_FORMAT naming the file and the line or key.
    static ClipTokenizer from_files(const std::string& vocab_path, const std::string& merges_path);
    // The same from the files' contents; `vocab_name` and `merges_name` name them in errors.
    ClipTokenizer(std::string_view vocab_json, std::string_view merges_text, const std::string& vocab_name,
                  const std::string& merges_name);
    // Reads a tokenizers-library tokenizer.json (what transformers 5 saves alone): its "model"
    // must be CLIP's BPE ("end_of_word_suffix" "</w>") with "vocab" and "merges", each merge a
    // ["left", "right"] pair or a "left right" string; "added_tokens" join the vocabulary.
    // LK_ERR_IO when it cannot be read, LK_ERR_FORMAT naming the key or merge that is wrong.
    static ClipTokenizer from_tokenizer_json(const std::string& path);
    static ClipTokenizer from_tokenizer_json_text(std::string_view text, const std::string& name);
    // A tokenizer folder as diffusers and transformers save it: vocab.json and merges.txt, else
    // tokenizer.json. LK_ERR_IO naming the files looked for when neither is there.
    static ClipTokenizer from_folder(const std::string& folder);

    ClipTokenizer(ClipTokenizer&& other) noexcept;

    // The ids of `text`, without BOS and EOS. Not valid UTF-8 bytes read as U+FFFD.
    std::vector<int32_t> encode(std::string_view text) const;
    // The prompt with its emphasis (prompt_attention.h) in windows of kWindowTokens tokens;
    // more than kMaxWindows is LK_ERR_INVALID_ARGUMENT.
    PromptWindows windows(std::string_view prompt) const;

    int32_t bos() const { return bos_; }
    int32_t eos() const { return eos_; }
    size_t vocab_size() const { return vocab_.size(); }
    size_t merge_count() const { return ranks_.size(); }

private:
    // The vocabulary alone; merges are added after.
    ClipTokenizer(std::unordered_map<std::string, int32_t> vocab, const std::string& vocab_name);
    // Adds the next-ranked merge after checking that its tokens are in the vocabulary; `where`
    // names it in errors ("merges.txt line 3").
    void add_merge(std::string_view left, std::string_view right, const std::string& where,
                   const std::string& vocab_name);
    void encode_segment(std::string_view text, std::vector<int32_t>& ids) const;
    void encode_word(const std::string& word, std::vector<int32_t>& ids) const;

    std::unordered_map<std::string, int32_t> vocab_;
    // "left right" -> rank (the line's index among the merges).
    std::unordered_map<std::string, uint32_t> ranks_;
    std::string byte_symbols_[256];  // each byte's printable stand-in, UTF-8
    int32_t bos_ = 0, eos_ = 0;
    mutable std::mutex cache_mutex_;
    mutable std::unordered_map<std::string, std::vector<int32_t>> cache_;
};

}  // namespace lk::diffusion
