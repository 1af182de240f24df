#include "io/file.h"
#include "test_support.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include <sys/stat.h>

namespace lk {
namespace {

namespace fs = std::filesystem;
using test::status_of;

class AtomicWrite : public testing::Test {
protected:
    void SetUp() override {
        dir_ = fs::path(testing::TempDir()) /
               ("atomic_" + std::string(testing::UnitTest::GetInstance()->current_test_info()->name()));
        fs::remove_all(dir_);
        fs::create_directories(dir_);
    }
    void TearDown() override { fs::remove_all(dir_); }
    size_t entries() const { return size_t(std::distance(fs::directory_iterator(dir_), {})); }
    fs::path dir_;
};

TEST_F(AtomicWrite, ReplacesTheFileAndLeavesNoTemporary) {
    const std::string path = (dir_ / "out.bin").string();
    io::write_file_atomically(path, "old", 3);
    io::write_file_atomically(path, "newer", 5);
    const std::vector<uint8_t> bytes = io::read_file(path);
    EXPECT_EQ(std::string(bytes.begin(), bytes.end()), "newer");
    EXPECT_EQ(entries(), 1u);
}

TEST_F(AtomicWrite, UsesTheUsualPermissions) {
    const std::string path = (dir_ / "out.bin").string();
    io::write_file_atomically(path, "x", 1);
    struct stat st {};
    ASSERT_EQ(::stat(path.c_str(), &st), 0);
    const mode_t mask = ::umask(022);
    ::umask(mask);
    EXPECT_EQ(st.st_mode & 0777, 0666u & ~mask);
}

TEST_F(AtomicWrite, FailureInAMissingFolderIsAnIoErrorAndWritesNothing) {
    const std::string path = (dir_ / "no" / "such" / "out.bin").string();
    EXPECT_EQ(status_of([&] { io::write_file_atomically(path, "x", 1); }), LK_ERR_IO);
    EXPECT_EQ(entries(), 0u);
}

TEST_F(AtomicWrite, FailureToRenameKeepsTheExistingTarget) {
    // A folder in the way of the target makes the rename fail after the data was written.
    fs::create_directories(dir_ / "target" / "child");
    EXPECT_EQ(status_of([&] { io::write_file_atomically((dir_ / "target").string(), "x", 1); }),
              LK_ERR_IO);
    EXPECT_TRUE(fs::is_directory(dir_ / "target" / "child"));
    EXPECT_EQ(entries(), 1u);  // no temporary file left beside it
}

TEST_F(AtomicWrite, ReadOfAFolderOrMissingFileIsAnIoError) {
    EXPECT_EQ(status_of([&] { io::read_file(dir_.string()); }), LK_ERR_IO);
    const std::string message = test::message_of([&] { io::read_file((dir_ / "gone").string()); });
    EXPECT_NE(message.find("gone"), std::string::npos);
    EXPECT_NE(message.find("No such file"), std::string::npos);
}

}  // namespace
}  // namespace lk
