// Reading CLIP tokenizers from tokenizer.json and from tokenizer folders.
#include "diffusion/clip_tokenizer.h"

#include "support/error_of.h"
#include "support/temp_directory.h"
#include "tiny_clip_vocab.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

namespace lk::diffusion {
namespace {

using nlohmann::json;
using ::testing::ElementsAre;
using ::testing::HasSubstr;

// The tiny vocabulary as the tokenizers library saves it; merges as [left, right] pairs or as
// "left right" strings (older files).
json tiny_tokenizer_json(bool merges_as_strings) {
    json merges = json::array();
    for (const auto& [left, right] : {std::pair<const char*, const char*>{"c", "a"}, {"ca", "t</w>"}})
        merges.push_back(merges_as_strings ? json(std::string(left) + " " + right) : json::array({left, right}));
    return {{"version", "1.0"},
            {"added_tokens", json::array()},
            {"model",
             {{"type", "BPE"}, {"end_of_word_suffix", "</w>"}, {"vocab", json::parse(test::tiny_clip_vocab_json())},
              {"merges", merges}}}};
}

std::vector<int32_t> ids_of(const ClipTokenizer& tokenizer) { return tokenizer.encode("cat cats dog <|endoftext|>"); }

TEST(ClipTokenizerJson, GivesTheSameIdsAsVocabularyAndMergesFiles) {
    const ClipTokenizer files(test::tiny_clip_vocab_json(), test::tiny_clip_merges(), "vocab.json", "merges.txt");
    for (const bool strings : {false, true}) {
        const ClipTokenizer from_json = ClipTokenizer::from_tokenizer_json_text(tiny_tokenizer_json(strings).dump(), "t.json");
        EXPECT_EQ(ids_of(from_json), ids_of(files)) << (strings ? "merges as strings" : "merges as pairs");
        EXPECT_EQ(from_json.merge_count(), 2u);
        EXPECT_EQ(from_json.eos(), test::kTinyEos);
    }
}

TEST(ClipTokenizerJson, SpecialTokensMayComeFromTheAddedTokens) {
    json j = tiny_tokenizer_json(false);
    j["model"]["vocab"].erase("<|endoftext|>");
    j["added_tokens"].push_back({{"id", 600}, {"content", "<|endoftext|>"}, {"special", true}});
    EXPECT_EQ(ClipTokenizer::from_tokenizer_json_text(j.dump(), "t.json").eos(), 600);
}

std::string json_error(const json& j) {
    return test::error_of(LK_ERR_FORMAT, [&] { ClipTokenizer::from_tokenizer_json_text(j.dump(), "t.json"); });
}

TEST(ClipTokenizerJson, BadMergeIsAFormatErrorNamingItsIndex) {
    json j = tiny_tokenizer_json(false);
    j["model"]["merges"][1] = json::array({"ca"});
    EXPECT_THAT(json_error(j), HasSubstr("model.merges[1] is [\"ca\"]"));
    j["model"]["merges"][1] = "c a t";
    EXPECT_THAT(json_error(j), HasSubstr("model.merges[1]"));
    j["model"]["merges"][1] = json::array({"d", "o"});
    EXPECT_THAT(json_error(j), HasSubstr("model.merges[1]: \"do\" is not in the vocabulary"));
}

TEST(ClipTokenizerJson, OtherTokenizersAreFormatErrorsSayingWhatWasExpected) {
    json gpt2 = tiny_tokenizer_json(false);
    gpt2["model"]["end_of_word_suffix"] = nullptr;
    EXPECT_THAT(json_error(gpt2), HasSubstr("expected CLIP's \"BPE\" with \"</w>\""));
    json unigram = tiny_tokenizer_json(false);
    unigram["model"]["type"] = "Unigram";
    EXPECT_THAT(json_error(unigram), HasSubstr("model type \"Unigram\""));
    EXPECT_THAT(json_error(json{{"version", "1.0"}}), HasSubstr("has no \"model\" object"));
    json no_merges = tiny_tokenizer_json(false);
    no_merges["model"].erase("merges");
    EXPECT_THAT(json_error(no_merges), HasSubstr("lacks \"vocab\" or a \"merges\" array"));
}

TEST(ClipTokenizerFolder, PrefersVocabularyAndMergesThenTokenizerJson) {
    test::TempDirectory dir;
    json only_json = tiny_tokenizer_json(false);
    only_json["model"]["merges"].erase(1);  // so the two sources tell apart: "cat" is not one token
    test::write_bytes(dir.file("tokenizer.json"), only_json.dump());
    EXPECT_EQ(ClipTokenizer::from_folder(dir.path()).merge_count(), 1u);
    test::write_bytes(dir.file("vocab.json"), test::tiny_clip_vocab_json());
    test::write_bytes(dir.file("merges.txt"), test::tiny_clip_merges());
    EXPECT_THAT(ClipTokenizer::from_folder(dir.path()).encode("cat"), ElementsAre(test::kTinyCat));
}

TEST(ClipTokenizerFolder, FolderWithoutTokenizerFilesIsAnIoErrorNamingWhatWasLookedFor) {
    test::TempDirectory dir;
    test::write_bytes(dir.file("vocab.json"), test::tiny_clip_vocab_json());  // merges.txt missing
    const std::string message = test::error_of(LK_ERR_IO, [&] { ClipTokenizer::from_folder(dir.path()); });
    EXPECT_THAT(message, HasSubstr(dir.path()));
    EXPECT_THAT(message, HasSubstr("expected vocab.json and merges.txt, or tokenizer.json"));
}

// CLIP's real vocabulary as the tiny txt2img folder holds it both ways (tests/diffusion/
// make_tiny_pipelines.py): the same ids for every prompt of the tokenizer corpus.
TEST(ClipTokenizerFolder, RealTokenizerJsonGivesTheSameIdsAsVocabularyAndMerges) {
    const std::string folder = std::string(LIKENESS_TINY_PIPELINES) + "/txt2img/tokenizer";
    if (!std::filesystem::exists(folder + "/tokenizer.json"))
        GTEST_SKIP() << "no tiny pipelines in " << LIKENESS_TINY_PIPELINES << " (diffusion.make_tiny_pipelines writes them)";
    const ClipTokenizer files = ClipTokenizer::from_files(folder + "/vocab.json", folder + "/merges.txt");
    const ClipTokenizer from_json = ClipTokenizer::from_tokenizer_json(folder + "/tokenizer.json");
    EXPECT_EQ(from_json.vocab_size(), files.vocab_size());
    EXPECT_EQ(from_json.merge_count(), files.merge_count());
    const json prompts = json::parse(std::ifstream(LIKENESS_CLIP_PROMPTS));
    ASSERT_GT(prompts.size(), 200u);
    for (const json& prompt : prompts)
        EXPECT_EQ(from_json.encode(prompt.get<std::string>()), files.encode(prompt.get<std::string>())) << prompt;
}

}  // namespace
}  // namespace lk::diffusion
