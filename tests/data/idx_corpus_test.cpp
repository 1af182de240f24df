// Replays the fuzzer's corpus (tests/data/fuzz/corpus/idx_file).
#include "data/idx_file.h"
#include "support/fuzz_corpus.h"

namespace lk::data {
namespace {

TEST(IdxCorpus, EveryFileParsesOrIsAFormatError) {
    test::expect_corpus_parses_or_format_errors(
        LIKENESS_IDX_FUZZ_CORPUS, [](const std::vector<uint8_t>& bytes, const std::string& path) {
            const IdxArray array = parse_idx(bytes.data(), bytes.size(), path);
            int64_t count = 1;
            for (const int64_t dimension : array.shape) count *= dimension;
            EXPECT_EQ(size_t(count), array.values.size());
        });
}

}  // namespace
}  // namespace lk::data
