// Replays the fuzzer's corpus (tests/io/fuzz/corpus/tfjs_manifest).
#include "io/tfjs_manifest.h"
#include "support/fuzz_corpus.h"

namespace lk::io {
namespace {

TEST(TfjsManifestCorpus, EveryFileParsesOrIsAFormatError) {
    test::expect_corpus_parses_or_format_errors(
        LIKENESS_TFJS_FUZZ_CORPUS, [](const std::vector<uint8_t>& bytes, const std::string& path) {
            parse_tfjs_manifest(std::string_view(reinterpret_cast<const char*>(bytes.data()), bytes.size()), path);
        });
}

}  // namespace
}  // namespace lk::io
