// libFuzzer target: prompts (any bytes) through the CLIP tokenizer's windows(), emphasis and
// Unicode normalization included, on the tiny vocabulary. Run with scripts/fuzz.sh clip_tokenizer.
#include "../tiny_clip_vocab.h"
#include "clip_prompt_check.h"

#include <cstddef>
#include <cstdint>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    static const lk::diffusion::ClipTokenizer tokenizer(lk::test::tiny_clip_vocab_json(), lk::test::tiny_clip_merges(),
                                                        "vocab.json", "merges.txt");
    lk::test::check_clip_prompt(tokenizer, std::string_view(reinterpret_cast<const char*>(data), size));
    return 0;
}
