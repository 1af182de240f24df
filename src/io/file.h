// Whole-file reads and all-or-nothing writes.
#pragma once

#include "io/file_descriptor.h"

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace lk::io {

// LK_ERR_IO "cannot <action> '<path>': <strerror(error)>".
[[noreturn]] void fail_io(std::string_view action, const std::string& path, int error);

// The file's bytes; LK_ERR_IO naming the path and the system's reason if it cannot be read.
std::vector<uint8_t> read_file(const std::string& path);

// A file written all-or-nothing, in pieces: the bytes go to a temporary file in the target's
// folder, and commit() flushes it to disk and renames it over the target, so that readers see
// the old file or the new one, never a part. Streaming lets a large file be written from the
// data where it lies, with no second copy in memory. Until commit() succeeds the target is
// untouched, and destroying the object removes the temporary file. Failures are LK_ERR_IO
// naming the target and the system's reason.
class AtomicFile {
public:
    explicit AtomicFile(std::string path);
    AtomicFile(const AtomicFile&) = delete;
    AtomicFile& operator=(const AtomicFile&) = delete;
    ~AtomicFile();

    // After a failed write() or commit() the object only cleans up: further calls are
    // LK_ERR_INTERNAL, since a retry could commit a file with a piece missing.
    void write(const void* data, size_t size);
    void commit();

private:
    void require_writable() const;

    std::string path_;
    std::string temporary_path_;
    FileDescriptor fd_;
    bool writable_ = true;
    bool committed_ = false;
};

// An AtomicFile written in one piece.
void write_file_atomically(const std::string& path, const void* data, size_t size);

}  // namespace lk::io
