// A whole file mapped into memory, private to this process.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>

namespace lk::io {

// Pages are read from the file (or the page cache) on first touch, so opening a large file costs
// next to nothing and only the parts used are read. Whatever points into the mapping should hold
// the shared_ptr, which keeps it alive. The mapping is copy-on-write: a page written in memory
// (say, a tensor updated in place) becomes a private copy and the file never changes. Replacing
// the file (as AtomicFile does) leaves the mapping intact, but truncating it in place makes
// touching the lost pages raise SIGBUS, as with any mapping.
class MappedFile {
public:
    // LK_ERR_IO naming the path and the system's reason if it cannot be opened or mapped.
    static std::shared_ptr<const MappedFile> open(const std::string& path);

    MappedFile(const MappedFile&) = delete;
    MappedFile& operator=(const MappedFile&) = delete;
    ~MappedFile();

    const std::string& path() const { return path_; }
    // nullptr when the file is empty: there is nothing to map.
    const uint8_t* data() const { return data_; }
    size_t size() const { return size_; }

private:
    explicit MappedFile(const std::string& path) : path_(path) {}

    std::string path_;
    const uint8_t* data_ = nullptr;
    size_t size_ = 0;
};

}  // namespace lk::io
