// Replays the fuzzers' kept corpora (tests/provenance/fuzz/corpus/{xmp,container_metadata}),
// checking the promises the fuzzers check.
#include "fuzz/promises.h"
#include "support/fuzz_corpus.h"

namespace lk::provenance {
namespace {

TEST(XmpCorpus, EveryFileKeepsThePromisesOrIsAFormatError) {
    test::expect_corpus_parses_or_format_errors(
        LIKENESS_XMP_FUZZ_CORPUS, [](const std::vector<uint8_t>& bytes, const std::string&) {
            fuzz::check_xmp(std::string_view(reinterpret_cast<const char*>(bytes.data()), bytes.size()));
        });
}

TEST(ContainerMetadataCorpus, EveryFileKeepsThePromisesOrIsAFormatError) {
    test::expect_corpus_parses_or_format_errors(
        LIKENESS_CONTAINER_FUZZ_CORPUS, [](const std::vector<uint8_t>& bytes, const std::string&) {
            fuzz::check_container_metadata(bytes.data(), bytes.size());
        });
}

}  // namespace
}  // namespace lk::provenance
