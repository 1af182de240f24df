// Replays the fuzzer's corpus (tests/io/fuzz/corpus/safetensors_header), which holds a reproducer
// for everything the fuzzer has found: each file must parse or be refused with LK_ERR_FORMAT.
#include "core/error.h"
#include "io/file.h"
#include "io/safetensors_header.h"

#include <gtest/gtest.h>

#include <filesystem>

namespace lk::io {
namespace {

TEST(SafetensorsCorpus, EveryFileParsesOrIsAFormatError) {
    size_t files = 0, parsed = 0;
    for (const auto& entry : std::filesystem::directory_iterator(LIKENESS_FUZZ_CORPUS)) {
        const std::string path = entry.path().string();
        SCOPED_TRACE(path);
        const std::vector<uint8_t> bytes = read_file(path);
        ++files;
        try {
            parse_safetensors_header(bytes.data(), bytes.size(), bytes.size(), path);
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

}  // namespace
}  // namespace lk::io
