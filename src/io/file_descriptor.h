// Ownership of a POSIX file descriptor, so that every early exit closes it.
#pragma once

#include <unistd.h>

#include <utility>

namespace lk::io {

class FileDescriptor {
public:
    explicit FileDescriptor(int fd) : fd_(fd) {}
    FileDescriptor(const FileDescriptor&) = delete;
    FileDescriptor& operator=(const FileDescriptor&) = delete;
    ~FileDescriptor() {
        if (fd_ >= 0) ::close(fd_);
    }

    int get() const { return fd_; }

    // Closes now and returns close()'s result: for a written file, a failed close can be the
    // first sign that the data did not reach the disk.
    int close() { return ::close(std::exchange(fd_, -1)); }

private:
    int fd_;
};

}  // namespace lk::io
