// Files and folders for tests. POSIX calls rather than std::filesystem: libtorch exports its own
// copy of std::filesystem's symbols, which binaries linked with it then call and crash in.
#pragma once

#include <gtest/gtest.h>

#include <algorithm>
#include <cstdlib>
#include <fstream>
#include <string>
#include <string_view>
#include <vector>

#include <dirent.h>
#include <unistd.h>

namespace lk::test {

// The names in a folder (without "." and ".."), sorted.
inline std::vector<std::string> directory_entries(const std::string& path) {
    std::vector<std::string> names;
    DIR* dir = ::opendir(path.c_str());
    if (!dir) {
        ADD_FAILURE() << "cannot list " << path;
        return names;
    }
    while (const dirent* entry = ::readdir(dir)) {
        const std::string_view name = entry->d_name;
        if (name != "." && name != "..") names.emplace_back(name);
    }
    ::closedir(dir);
    std::sort(names.begin(), names.end());
    return names;
}

// A fresh folder for a test's files, removed with the files in it when the test ends.
class TempDirectory {
public:
    TempDirectory() {
        const char* base = std::getenv("TMPDIR");
        path_ = std::string(base && *base ? base : "/tmp") + "/likeness-test-XXXXXX";
        if (!::mkdtemp(path_.data())) ADD_FAILURE() << "mkdtemp failed for " << path_;
    }
    TempDirectory(const TempDirectory&) = delete;
    TempDirectory& operator=(const TempDirectory&) = delete;
    ~TempDirectory() {
        for (const std::string& name : entries()) ::unlink(file(name).c_str());
        ::rmdir(path_.c_str());
    }

    std::string file(std::string_view name) const { return path_ + "/" + std::string(name); }
    // What a failed write must not have left behind.
    std::vector<std::string> entries() const { return directory_entries(path_); }

private:
    std::string path_;
};

inline void write_bytes(const std::string& path, std::string_view bytes) {
    std::ofstream(path, std::ios::binary).write(bytes.data(), std::streamsize(bytes.size()));
}

inline std::string read_bytes(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    return std::string(std::istreambuf_iterator<char>(in), {});
}

}  // namespace lk::test
