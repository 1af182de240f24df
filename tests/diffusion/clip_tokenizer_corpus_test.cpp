// Replays the CLIP tokenizer fuzzer's kept corpus (scripts/fuzz.sh clip_tokenizer).
#include "fuzz/clip_prompt_check.h"
#include "io/file.h"
#include "tiny_clip_vocab.h"

#include <gtest/gtest.h>

#include <filesystem>

namespace lk::diffusion {
namespace {

TEST(ClipTokenizerCorpus, EveryPromptGivesWholeWindowsOrAnInvalidArgument) {
    const ClipTokenizer tokenizer(test::tiny_clip_vocab_json(), test::tiny_clip_merges(), "vocab.json", "merges.txt");
    size_t files = 0, accepted = 0;
    for (const auto& entry : std::filesystem::directory_iterator(LIKENESS_CLIP_FUZZ_CORPUS)) {
        SCOPED_TRACE(entry.path().string());
        const std::vector<uint8_t> bytes = io::read_file(entry.path().string());
        ++files;
        accepted += test::check_clip_prompt(tokenizer, std::string_view(reinterpret_cast<const char*>(bytes.data()), bytes.size()));
    }
    // The corpus holds both kinds; an empty or all-refused one tests little.
    EXPECT_GT(files, accepted);
    EXPECT_GT(accepted, 0u);
}

}  // namespace
}  // namespace lk::diffusion
