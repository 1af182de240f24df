// Replays the fuzzer's corpus (tests/io/fuzz/corpus/safetensors_header).
#include "io/safetensors_header.h"
#include "support/fuzz_corpus.h"

namespace lk::io {
namespace {

TEST(SafetensorsCorpus, EveryFileParsesOrIsAFormatError) {
    test::expect_corpus_parses_or_format_errors(
        LIKENESS_FUZZ_CORPUS, [](const std::vector<uint8_t>& bytes, const std::string& path) {
            parse_safetensors_header(bytes.data(), bytes.size(), bytes.size(), path);
        });
}

}  // namespace
}  // namespace lk::io
