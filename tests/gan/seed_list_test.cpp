// Seed lists as typed on a command line.
#include "gan/seed_list.h"

#include "support/error_of.h"

#include <gtest/gtest.h>

namespace lk::gan {
namespace {

using lk::test::error_of;
using Seeds = std::vector<std::uint32_t>;

TEST(SeedList, SingleSeedsAndInclusiveRangesInTheOrderGiven) {
    EXPECT_EQ(parse_seed_list("7"), Seeds{7});
    EXPECT_EQ(parse_seed_list("0-3"), (Seeds{0, 1, 2, 3}));
    EXPECT_EQ(parse_seed_list("1,5,9-12"), (Seeds{1, 5, 9, 10, 11, 12}));
    EXPECT_EQ(parse_seed_list(" 9 , 2-2, 9 "), (Seeds{9, 2, 9}));
    EXPECT_EQ(parse_seed_list("4294967294-4294967295"), (Seeds{4294967294u, 4294967295u}));
    EXPECT_EQ(parse_seed_list("0-999").size(), 1000u);
}

TEST(SeedList, MalformedItemsAreInvalidAndNamed) {
    const std::pair<const char*, const char*> cases[] = {
        {"", "empty"},           {"1,,2", "empty item"},       {"1,", "empty item"},
        {"-5", "'-5'"},          {"+5", "'+5'"},               {"abc", "'abc'"},
        {"3-1", "backwards"},    {"4294967296", "4294967296"}, {"1-99999999999", "beyond"},
        {"1-2-3", "'1-2-3'"},    {"0-4294967295", "more than"}, {"1.5", "'1.5'"},
    };
    for (const auto& [text, expected] : cases)
        EXPECT_NE(error_of(LK_ERR_INVALID_ARGUMENT, [&] { parse_seed_list(text); }).find(expected),
                  std::string::npos)
            << text;
}

}  // namespace
}  // namespace lk::gan
