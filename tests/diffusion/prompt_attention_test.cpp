#include "diffusion/prompt_attention.h"

#include "support/error_of.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace lk::diffusion {
namespace {

using ::testing::HasSubstr;

struct Part {
    std::string text;
    double weight;
};

void expect_parts(std::string_view prompt, const std::vector<Part>& expected) {
    SCOPED_TRACE(std::string(prompt));
    const std::vector<WeightedText> parts = parse_prompt_attention(prompt);
    ASSERT_EQ(parts.size(), expected.size());
    for (size_t i = 0; i < parts.size(); ++i) {
        EXPECT_EQ(parts[i].text, expected[i].text) << i;
        EXPECT_NEAR(parts[i].weight, expected[i].weight, 1e-12) << i;
    }
}

TEST(PromptAttention, PlainTextIsOneRunOfWeightOne) {
    expect_parts("a photo of a cat", {{"a photo of a cat", 1.0}});
    expect_parts("", {{"", 1.0}});
}

TEST(PromptAttention, RoundBracketsMultiplyBy1Point1AndSquareOnesDivide) {
    expect_parts("a (cat) and a [dog]", {{"a ", 1.0}, {"cat", 1.1}, {" and a ", 1.0}, {"dog", 1 / 1.1}});
}

TEST(PromptAttention, ExplicitWeightReplacesTheRoundFactor) {
    expect_parts("(cat:1.3) (dog: -0.5 )", {{"cat", 1.3}, {" ", 1.0}, {"dog", -0.5}});
}

TEST(PromptAttention, NestedBracketsMultiply) {
    expect_parts("((cat))", {{"cat", 1.1 * 1.1}});
    expect_parts("((cat:1.5) dog)", {{"cat", 1.5 * 1.1}, {" dog", 1.1}});
    // 1.1 * (1 / 1.1) is 1 only up to rounding: it stays a run of its own.
    ASSERT_EQ(parse_prompt_attention("([cat])").size(), 1u);
    EXPECT_NEAR(parse_prompt_attention("([cat])")[0].weight, 1.0, 1e-12);
}

TEST(PromptAttention, EscapedBracketsAreText) {
    expect_parts("\\(cat\\) \\[dog\\] \\\\", {{"(cat) [dog] \\", 1.0}});
    // A backslash before anything else is dropped, as Automatic1111 drops it.
    expect_parts("a\\b", {{"ab", 1.0}});
}

TEST(PromptAttention, UnclosedBracketsRunToTheEndAndUnmatchedClosingOnesAreText) {
    expect_parts("a (cat", {{"a ", 1.0}, {"cat", 1.1}});
    expect_parts("a [cat", {{"a ", 1.0}, {"cat", 1 / 1.1}});
    expect_parts("cat) dog]", {{"cat) dog]", 1.0}});
}

TEST(PromptAttention, ColonsOutsideAWeightAreText) {
    expect_parts("ratio 16:9", {{"ratio 16:9", 1.0}});
    expect_parts("(a:b)", {{"a:b", 1.1}});
    expect_parts("cat:1.3)", {{"cat:1.3)", 1.0}});
}

TEST(PromptAttention, MalformedExplicitWeightIsRefusedNamingIt) {
    const std::string message = test::error_of(LK_ERR_INVALID_ARGUMENT, [] { parse_prompt_attention("(cat:1.2.3)"); });
    EXPECT_THAT(message, HasSubstr("\"1.2.3\" is not a number"));
}

TEST(PromptAttention, WeightBeyondFloatRangeIsRefused) {
    const std::string huge(400, '9');
    const std::string message = test::error_of(LK_ERR_INVALID_ARGUMENT, [&] { parse_prompt_attention("(cat:" + huge + ")"); });
    EXPECT_THAT(message, HasSubstr("\"cat\" a weight of"));
}

}  // namespace
}  // namespace lk::diffusion
