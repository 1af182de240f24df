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

// Creates the temporary file beside `path` and stores its name in `temporary_path`.
int create_beside(const std::string& path, std::string& temporary_path) {
    if (path.empty()) fail(LK_ERR_INVALID_ARGUMENT, "output path is empty");
    temporary_path = path + ".tmp-XXXXXX";
    const int fd = ::mkostemp(temporary_path.data(), O_CLOEXEC);
    if (fd < 0) {
        const int error = errno;
        temporary_path.clear();
        fail_io("create a temporary file beside", path, error);
    }
    // mkostemp creates 0600; give the file the permissions a plain create would.
    ::fchmod(fd, 0666 & ~current_umask());
    return fd;
}

}  // namespace

void fail_io(std::string_view action, const std::string& path, int error) {
    fail(LK_ERR_IO, "cannot {} '{}': {}", action, printable(path), std::strerror(error));
}

std::vector<uint8_t> read_file(const std::string& path) {
    FileDescriptor fd(::open(path.c_str(), O_RDONLY | O_CLOEXEC));
    if (fd.get() < 0) fail_io("open", path, errno);
    struct stat st {};
    if (::fstat(fd.get(), &st) != 0) fail_io("read", path, errno);
    if (S_ISDIR(st.st_mode)) fail_io("read", path, EISDIR);
    std::vector<uint8_t> bytes;
    // Size from fstat is a hint only: pipes and /proc files report 0.
    bytes.reserve(st.st_size > 0 ? size_t(st.st_size) : 0);
    uint8_t chunk[1 << 16];
    for (;;) {
        const ssize_t n = ::read(fd.get(), chunk, sizeof chunk);
        if (n < 0) {
            if (errno == EINTR) continue;
            fail_io("read", path, errno);
        }
        if (n == 0) break;
        bytes.insert(bytes.end(), chunk, chunk + n);
    }
    return bytes;
}

AtomicFile::AtomicFile(std::string path)
    : path_(std::move(path)), fd_(create_beside(path_, temporary_path_)) {}

AtomicFile::~AtomicFile() {
    if (!committed_) ::unlink(temporary_path_.c_str());
}

void AtomicFile::require_writable() const {
    if (!writable_)
        fail(LK_ERR_INTERNAL, "'{}' was already committed or has failed; expected a fresh "
             "AtomicFile", printable(path_));
}

void AtomicFile::write(const void* data, size_t size) {
    require_writable();
    writable_ = false;
    const auto* bytes = static_cast<const uint8_t*>(data);
    for (size_t done = 0; done < size;) {
        const ssize_t n = ::write(fd_.get(), bytes + done, size - done);
        if (n < 0) {
            if (errno == EINTR) continue;
            fail_io("write", path_, errno);
        }
        done += size_t(n);
    }
    writable_ = true;
}

void AtomicFile::commit() {
    require_writable();
    writable_ = false;
    if (::fsync(fd_.get()) != 0) fail_io("write", path_, errno);
    if (fd_.close() != 0) fail_io("write", path_, errno);
    if (::rename(temporary_path_.c_str(), path_.c_str()) != 0) fail_io("write", path_, errno);
    committed_ = true;
}

void write_file_atomically(const std::string& path, const void* data, size_t size) {
    AtomicFile file(path);
    file.write(data, size);
    file.commit();
}

}  // namespace lk::io
