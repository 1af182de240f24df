#include "support/error_of.h"
#include "io/file.h"
#include "io/mapped_file.h"
#include "support/temp_directory.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <filesystem>
#include <string>

#include <sys/stat.h>

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

TEST(AtomicFile, GivesTheFileTheUsualPermissions) {
    TempDirectory dir;
    write_file_atomically(dir.file("out.bin"), "x", 1);
    struct stat st {};
    ASSERT_EQ(::stat(dir.file("out.bin").c_str(), &st), 0);
    const mode_t mask = ::umask(022);
    ::umask(mask);
    EXPECT_EQ(st.st_mode & 0777, 0666u & ~mask) << "mkstemp's 0600 was not widened";
}

TEST(AtomicFile, FailedRenameKeepsWhatIsInTheWayAndNoTemporaryFile) {
    // A folder in the way of the target makes the rename fail after the data was written.
    TempDirectory dir;
    std::filesystem::create_directories(dir.file("target/child"));
    error_of(LK_ERR_IO, [&] { write_file_atomically(dir.file("target"), "x", 1); });
    EXPECT_TRUE(std::filesystem::is_directory(dir.file("target/child")));
    EXPECT_EQ(dir.entries(), std::vector<std::string>{"target"});
}

TEST(ReadFile, FolderOrMissingFileIsAnIoErrorNamingIt) {
    TempDirectory dir;
    EXPECT_THAT(error_of(LK_ERR_IO, [&] { read_file(dir.path()); }), HasSubstr(dir.path()));
    const std::string message = error_of(LK_ERR_IO, [&] { read_file(dir.file("gone")); });
    EXPECT_THAT(message, HasSubstr("gone"));
    EXPECT_THAT(message, HasSubstr("No such file"));
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
