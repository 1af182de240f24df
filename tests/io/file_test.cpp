#include "error_of.h"
#include "io/file.h"
#include "io/mapped_file.h"
#include "test_files.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>

namespace lk::io {
namespace {

using test::error_of;
using test::read_bytes;
using test::TempDirectory;
using test::write_bytes;
using ::testing::HasSubstr;

TEST(AtomicFile, CommitWritesThePiecesInOrder) {
    TempDirectory dir;
    AtomicFile file(dir.file("out.bin"));
    file.write("head", 4);
    file.write("", 0);
    file.write("-tail", 5);
    EXPECT_EQ(dir.entries().size(), 1u) << "only the temporary file exists before commit";
    file.commit();
    EXPECT_EQ(read_bytes(dir.file("out.bin")), "head-tail");
    EXPECT_EQ(dir.entries(), std::vector<std::string>{"out.bin"});
}

TEST(AtomicFile, CommitReplacesAnExistingFile) {
    TempDirectory dir;
    write_bytes(dir.file("out.bin"), "old contents");
    write_file_atomically(dir.file("out.bin"), "new", 3);
    EXPECT_EQ(read_bytes(dir.file("out.bin")), "new");
    EXPECT_EQ(dir.entries(), std::vector<std::string>{"out.bin"});
}

TEST(AtomicFile, AbandonedWriteLeavesTheTargetAndNoTemporaryFile) {
    TempDirectory dir;
    write_bytes(dir.file("out.bin"), "old contents");
    {
        AtomicFile file(dir.file("out.bin"));
        file.write("partial", 7);
    }
    EXPECT_EQ(read_bytes(dir.file("out.bin")), "old contents");
    EXPECT_EQ(dir.entries(), std::vector<std::string>{"out.bin"});
}

TEST(AtomicFile, UseAfterCommitIsAnInternalError) {
    TempDirectory dir;
    AtomicFile file(dir.file("out.bin"));
    file.commit();
    EXPECT_THAT(error_of(LK_ERR_INTERNAL, [&] { file.write("x", 1); }),
                HasSubstr("already committed or has failed"));
    EXPECT_EQ(read_bytes(dir.file("out.bin")), "");
}

TEST(AtomicFile, MissingFolderIsAnIoErrorNamingThePath) {
    TempDirectory dir;
    const std::string path = dir.file("no-such-folder/out.bin");
    const std::string message = error_of(LK_ERR_IO, [&] { AtomicFile file(path); });
    EXPECT_THAT(message, HasSubstr(path));
    EXPECT_THAT(message, HasSubstr("No such file or directory"));
}

TEST(MappedFile, MapsTheWholeFile) {
    TempDirectory dir;
    const std::string bytes("mapped\0bytes", 12);
    write_bytes(dir.file("in.bin"), bytes);
    const auto file = MappedFile::open(dir.file("in.bin"));
    EXPECT_EQ(file->path(), dir.file("in.bin"));
    ASSERT_EQ(file->size(), bytes.size());
    EXPECT_EQ(std::string(reinterpret_cast<const char*>(file->data()), file->size()), bytes);
}

TEST(MappedFile, EmptyFileMapsWithSizeZero) {
    TempDirectory dir;
    write_bytes(dir.file("empty.bin"), "");
    const auto file = MappedFile::open(dir.file("empty.bin"));
    EXPECT_EQ(file->size(), 0u);
    EXPECT_EQ(file->data(), nullptr);
}

TEST(MappedFile, MissingFileIsAnIoErrorNamingThePathAndReason) {
    TempDirectory dir;
    const std::string message =
        error_of(LK_ERR_IO, [&] { MappedFile::open(dir.file("missing.bin")); });
    EXPECT_THAT(message, HasSubstr(dir.file("missing.bin")));
    EXPECT_THAT(message, HasSubstr("No such file or directory"));
}

TEST(MappedFile, FolderIsAnIoError) {
    TempDirectory dir;
    EXPECT_THAT(error_of(LK_ERR_IO, [&] { MappedFile::open(dir.file("")); }),
                HasSubstr("Is a directory"));
}

}  // namespace
}  // namespace lk::io
