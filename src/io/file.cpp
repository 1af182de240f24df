#include "io/file.h"

#include "core/error.h"

#include <cerrno>
#include <cstdio>
#include <cstring>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

namespace lk::io {

namespace {

[[noreturn]] void fail_io(const char* what, const std::string& path, int error) {
    fail(LK_ERR_IO, "cannot {} '{}': {}", what, printable(path), std::strerror(error));
}

// Closes a descriptor when it leaves scope, and removes the temporary file unless released.
struct TempFile {
    int fd = -1;
    std::string path;
    bool keep = false;
    ~TempFile() {
        if (fd >= 0) ::close(fd);
        if (!keep && !path.empty()) ::unlink(path.c_str());
    }
};

// The process umask, read without changing it (umask() itself would race with other threads).
mode_t current_umask() {
    if (FILE* status = std::fopen("/proc/self/status", "re")) {
        char line[256];
        unsigned mask = 0;
        bool found = false;
        while (!found && std::fgets(line, sizeof line, status))
            found = std::sscanf(line, "Umask: %o", &mask) == 1;
        std::fclose(status);
        if (found) return mode_t(mask);
    }
    return 022;
}

}  // namespace

std::vector<uint8_t> read_file(const std::string& path) {
    const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) fail_io("open", path, errno);
    TempFile guard{fd, "", true};
    struct stat st {};
    if (::fstat(fd, &st) != 0) fail_io("read", path, errno);
    if (S_ISDIR(st.st_mode)) fail_io("read", path, EISDIR);
    std::vector<uint8_t> bytes;
    // Size from fstat is a hint only: pipes and /proc files report 0.
    bytes.reserve(st.st_size > 0 ? size_t(st.st_size) : 0);
    uint8_t chunk[1 << 16];
    for (;;) {
        const ssize_t n = ::read(fd, chunk, sizeof chunk);
        if (n < 0) {
            if (errno == EINTR) continue;
            fail_io("read", path, errno);
        }
        if (n == 0) break;
        bytes.insert(bytes.end(), chunk, chunk + n);
    }
    return bytes;
}

void write_file_atomically(const std::string& path, const void* data, size_t size) {
    if (path.empty()) fail(LK_ERR_INVALID_ARGUMENT, "output path is empty");
    TempFile temp;
    temp.path = path + ".tmp-XXXXXX";
    temp.fd = ::mkostemp(temp.path.data(), O_CLOEXEC);
    if (temp.fd < 0) {
        temp.path.clear();
        fail_io("create a temporary file beside", path, errno);
    }
    // mkostemp creates 0600; give the file the permissions a plain create would.
    ::fchmod(temp.fd, 0666 & ~current_umask());

    const auto* bytes = static_cast<const uint8_t*>(data);
    for (size_t done = 0; done < size;) {
        const ssize_t n = ::write(temp.fd, bytes + done, size - done);
        if (n < 0) {
            if (errno == EINTR) continue;
            fail_io("write", path, errno);
        }
        done += size_t(n);
    }
    if (::fsync(temp.fd) != 0) fail_io("write", path, errno);
    if (::close(temp.fd) != 0) {
        temp.fd = -1;
        fail_io("write", path, errno);
    }
    temp.fd = -1;
    if (::rename(temp.path.c_str(), path.c_str()) != 0) fail_io("write", path, errno);
    temp.keep = true;
}

}  // namespace lk::io
