// Replaying a fuzzer's kept corpus, which holds a reproducer for everything the fuzzer has found:
// each file must parse or be refused with LK_ERR_FORMAT.
#pragma once

#include "core/error.h"
#include "io/file.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <string>
#include <vector>

namespace lk::test {

// Calls parse(bytes, path) on every file in `folder`; it returns normally for input it accepts
// (after checking what it promises) and throws for the rest.
template <typename Parse>
void expect_corpus_parses_or_format_errors(const std::string& folder, Parse&& parse) {
    size_t files = 0, parsed = 0;
    for (const auto& entry : std::filesystem::directory_iterator(folder)) {
        const std::string path = entry.path().string();
        SCOPED_TRACE(path);
        const std::vector<uint8_t> bytes = io::read_file(path);
        ++files;
        try {
            parse(bytes, path);
            ++parsed;
        } catch (const Error& e) {
            EXPECT_EQ(e.status(), LK_ERR_FORMAT) << e.what();
        } catch (const std::exception& e) {
            ADD_FAILURE() << "threw something other than lk::Error: " << e.what();
        }
    }
    // The corpus is meant to hold both kinds; an empty or all-invalid one tests little.
    EXPECT_GT(files, parsed);
    EXPECT_GT(parsed, 0u);
}

}  // namespace lk::test
