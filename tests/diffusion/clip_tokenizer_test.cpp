#include "diffusion/clip_tokenizer.h"

#include "support/error_of.h"
#include "support/temp_directory.h"
#include "tiny_clip_vocab.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace lk::diffusion {
namespace {

using test::kTinyBos;
using test::kTinyCat;
using test::kTinyEos;
using test::tiny_inner;
using test::tiny_last;
using ::testing::ElementsAre;
using ::testing::HasSubstr;

ClipTokenizer tiny() {
    return ClipTokenizer(test::tiny_clip_vocab_json(), test::tiny_clip_merges(), "vocab.json", "merges.txt");
}

std::string repeat(std::string_view word, size_t times) {
    std::string out;
    for (size_t i = 0; i < times; ++i) out.append(word).append(" ");
    return out;
}

TEST(ClipTokenizer, MergesByRankAndClosesWordsWithEndOfWord) {
    const ClipTokenizer tokenizer = tiny();
    EXPECT_THAT(tokenizer.encode("cat"), ElementsAre(kTinyCat));
    // Without "</w>" the last merge does not apply inside a longer word.
    EXPECT_THAT(tokenizer.encode("cats"), ElementsAre(512, tiny_inner('t'), tiny_last('s')));
    EXPECT_THAT(tokenizer.encode("dog"), ElementsAre(tiny_inner('d'), tiny_inner('o'), tiny_last('g')));
    EXPECT_TRUE(tokenizer.encode("").empty());
    EXPECT_EQ(tokenizer.bos(), kTinyBos);
    EXPECT_EQ(tokenizer.eos(), kTinyEos);
    EXPECT_EQ(tokenizer.merge_count(), 2u);
}

TEST(ClipTokenizer, NormalizesCaseWhiteSpaceAndComposition) {
    const ClipTokenizer tokenizer = tiny();
    EXPECT_EQ(tokenizer.encode("  CaT\t\n\u00a0"), std::vector<int32_t>{kTinyCat});
    // "e" + combining acute is "é" after NFC.
    EXPECT_EQ(tokenizer.encode("cafe\u0301"), tokenizer.encode("caf\u00e9"));
    EXPECT_EQ(tokenizer.encode("\u00c9"), tokenizer.encode("\u00e9"));
}

TEST(ClipTokenizer, SplitsContractionsDigitsAndSymbolRuns) {
    const ClipTokenizer tokenizer = tiny();
    EXPECT_THAT(tokenizer.encode("cat's"), ElementsAre(kTinyCat, tiny_inner('\''), tiny_last('s')));
    EXPECT_THAT(tokenizer.encode("12"), ElementsAre(tiny_last('1'), tiny_last('2')));
    EXPECT_THAT(tokenizer.encode("cat!?"), ElementsAre(kTinyCat, tiny_inner('!'), tiny_last('?')));
}

TEST(ClipTokenizer, LiteralSpecialTokensInTheTextAreThoseTokens) {
    const ClipTokenizer tokenizer = tiny();
    EXPECT_THAT(tokenizer.encode("cat<|endoftext|>cat<|startoftext|>"), ElementsAre(kTinyCat, kTinyEos, kTinyCat, kTinyBos));
}

TEST(ClipTokenizer, InvalidUtf8ReadsAsReplacementCharacter) {
    const ClipTokenizer tokenizer = tiny();
    EXPECT_EQ(tokenizer.encode("\xff"), tokenizer.encode("\xef\xbf\xbd"));
}

TEST(ClipTokenizerWindows, EmptyPromptIsOneWindowOfBosThenEosPadding) {
    const PromptWindows windows = tiny().windows("");
    ASSERT_EQ(windows.count, 1u);
    ASSERT_EQ(windows.ids.size(), ClipTokenizer::kWindowLength);
    EXPECT_EQ(windows.ids[0], kTinyBos);
    for (size_t i = 1; i < ClipTokenizer::kWindowLength; ++i) EXPECT_EQ(windows.ids[i], kTinyEos) << i;
    for (const float w : windows.weights) EXPECT_EQ(w, 1.0f);
}

TEST(ClipTokenizerWindows, EmphasisWeighsItsTokens) {
    const PromptWindows windows = tiny().windows("cat (cat) [cat] (cat:1.5) ((cat))");
    ASSERT_EQ(windows.count, 1u);
    EXPECT_THAT(std::vector<int32_t>(windows.ids.begin(), windows.ids.begin() + 7),
                ElementsAre(kTinyBos, kTinyCat, kTinyCat, kTinyCat, kTinyCat, kTinyCat, kTinyEos));
    EXPECT_FLOAT_EQ(windows.weights[0], 1.0f);
    EXPECT_FLOAT_EQ(windows.weights[1], 1.0f);
    EXPECT_FLOAT_EQ(windows.weights[2], 1.1f);
    EXPECT_FLOAT_EQ(windows.weights[3], 1 / 1.1f);
    EXPECT_FLOAT_EQ(windows.weights[4], 1.5f);
    EXPECT_FLOAT_EQ(windows.weights[5], 1.21f);
    EXPECT_FLOAT_EQ(windows.weights[6], 1.0f);
}

TEST(ClipTokenizerWindows, LongPromptIsChunkedIntoWindowsOf75Tokens) {
    const PromptWindows windows = tiny().windows(repeat("cat", 200));
    ASSERT_EQ(windows.count, 3u);
    ASSERT_EQ(windows.ids.size(), 3 * ClipTokenizer::kWindowLength);
    for (size_t w = 0; w < 3; ++w) {
        const int32_t* row = windows.ids.data() + w * ClipTokenizer::kWindowLength;
        const size_t tokens = w < 2 ? 75 : 50;
        EXPECT_EQ(row[0], kTinyBos);
        for (size_t i = 1; i <= tokens; ++i) EXPECT_EQ(row[i], kTinyCat) << w << " " << i;
        for (size_t i = tokens + 1; i < ClipTokenizer::kWindowLength; ++i) EXPECT_EQ(row[i], kTinyEos) << w << " " << i;
    }
}

TEST(ClipTokenizerWindows, TenThousandWordsGiveManyWindows) {
    const PromptWindows windows = tiny().windows(repeat("cat", 10000));
    EXPECT_EQ(windows.count, (10000 + 74) / 75);
    EXPECT_EQ(windows.ids.size(), windows.count * ClipTokenizer::kWindowLength);
    EXPECT_EQ(windows.ids[(windows.count - 1) * ClipTokenizer::kWindowLength + 10000 % 75 + 1], kTinyEos);
}

TEST(ClipTokenizerWindows, MoreThanTheMaximumWindowsIsRefused) {
    const ClipTokenizer tokenizer = tiny();
    EXPECT_EQ(tokenizer.windows(repeat("cat", ClipTokenizer::kMaxWindows * 75)).count, ClipTokenizer::kMaxWindows);
    const std::string message = test::error_of(LK_ERR_INVALID_ARGUMENT, [&] {
        tokenizer.windows(repeat("cat", ClipTokenizer::kMaxWindows * 75 + 1));
    });
    EXPECT_THAT(message, HasSubstr("at most 256 windows"));
}

TEST(ClipTokenizerFiles, ReadsVocabularyAndMergesFiles) {
    test::TempDirectory dir;
    test::write_bytes(dir.file("vocab.json"), test::tiny_clip_vocab_json());
    test::write_bytes(dir.file("merges.txt"), test::tiny_clip_merges());
    EXPECT_THAT(ClipTokenizer::from_files(dir.file("vocab.json"), dir.file("merges.txt")).encode("cat"),
                ElementsAre(kTinyCat));
}

TEST(ClipTokenizerFiles, MissingFileIsAnIoErrorNamingIt) {
    test::TempDirectory dir;
    test::write_bytes(dir.file("merges.txt"), test::tiny_clip_merges());
    const std::string message = test::error_of(LK_ERR_IO, [&] {
        ClipTokenizer::from_files(dir.file("absent.json"), dir.file("merges.txt"));
    });
    EXPECT_THAT(message, HasSubstr("absent.json"));
}

std::string format_error(std::string_view vocab, std::string_view merges) {
    return test::error_of(LK_ERR_FORMAT, [&] { ClipTokenizer(vocab, merges, "vocab.json", "merges.txt"); });
}

TEST(ClipTokenizerFiles, BadJsonIsAFormatErrorNamingTheFile) {
    const std::string message = format_error("{\"a\": 1,", test::tiny_clip_merges());
    EXPECT_THAT(message, HasSubstr("'vocab.json' is not valid JSON"));
    EXPECT_THAT(format_error("[1, 2]", test::tiny_clip_merges()), HasSubstr("not a JSON object"));
}

TEST(ClipTokenizerFiles, NonIntegerIdIsAFormatErrorNamingTheKey) {
    EXPECT_THAT(format_error(R"({"<|startoftext|>": 0, "<|endoftext|>": "one"})", ""),
                HasSubstr("token \"<|endoftext|>\" has id \"one\""));
}

TEST(ClipTokenizerFiles, MissingSpecialTokenIsAFormatError) {
    EXPECT_THAT(format_error(R"({"<|startoftext|>": 0})", ""), HasSubstr("has no \"<|endoftext|>\""));
}

TEST(ClipTokenizerFiles, MergesLineThatIsNotTwoTokensIsAFormatErrorNamingTheLine) {
    const std::string vocab = test::tiny_clip_vocab_json();
    EXPECT_THAT(format_error(vocab, "#version: 0.2\nc a\nc a t\n"), HasSubstr("'merges.txt' line 3: \"c a t\" is not two tokens"));
    EXPECT_THAT(format_error(vocab, "ca\n"), HasSubstr("line 1: \"ca\" is not two tokens"));
    EXPECT_THAT(format_error(vocab, "c  a\n"), HasSubstr("line 1"));
}

TEST(ClipTokenizerFiles, MergeOutsideTheVocabularyIsAFormatError) {
    EXPECT_THAT(format_error(test::tiny_clip_vocab_json(), "c a\nd o\n"),
                HasSubstr("line 2: \"do\" is not in the vocabulary"));
}

}  // namespace
}  // namespace lk::diffusion
