#include "core/error.h"

#include <gtest/gtest.h>

namespace lk {
namespace {

TEST(Printable, KeepsValidUtf8) {
    EXPECT_EQ(printable("photo.png"), "photo.png");
    EXPECT_EQ(printable("f\xC3\xA9lix/\xE6\x97\xA5.png"), "f\xC3\xA9lix/\xE6\x97\xA5.png");
    EXPECT_EQ(printable("\xF0\x9F\x98\x80"), "\xF0\x9F\x98\x80");
}

TEST(Printable, EscapesInvalidBytesAndControls) {
    EXPECT_EQ(printable("a\xFF" "b"), "a\\xFFb");
    EXPECT_EQ(printable("\xC3"), "\\xC3");                  // truncated sequence
    EXPECT_EQ(printable("\xC0\xAF"), "\\xC0\\xAF");         // overlong
    EXPECT_EQ(printable("\xED\xA0\x80"), "\\xED\\xA0\\x80"); // surrogate
    EXPECT_EQ(printable("a\nb"), "a\\x0Ab");
}

TEST(Fail, ThrowsErrorWithStatusAndFormattedText) {
    try {
        fail(LK_ERR_FORMAT, "tensor '{}' has {} bytes", "w", 12);
        FAIL() << "fail() returned";
    } catch (const Error& e) {
        EXPECT_EQ(e.status(), LK_ERR_FORMAT);
        EXPECT_STREQ(e.what(), "tensor 'w' has 12 bytes");
    }
}

}  // namespace
}  // namespace lk
