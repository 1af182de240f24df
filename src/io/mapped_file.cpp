#include "io/mapped_file.h"

#include "io/file.h"
#include "io/file_descriptor.h"

#include <cerrno>

#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>

namespace lk::io {

std::shared_ptr<const MappedFile> MappedFile::open(const std::string& path) {
    FileDescriptor fd(::open(path.c_str(), O_RDONLY | O_CLOEXEC));
    if (fd.get() < 0) fail_io("open", path, errno);
    struct stat st {};
    if (::fstat(fd.get(), &st) != 0) fail_io("read", path, errno);
    if (S_ISDIR(st.st_mode)) fail_io("map", path, EISDIR);
    // Pipes and character devices report no meaningful size and cannot be mapped.
    if (!S_ISREG(st.st_mode)) fail_io("map", path, ENODEV);
    // Allocated before mapping, so that a failed allocation cannot leak a mapping.
    std::shared_ptr<MappedFile> file(new MappedFile(path));
    if (st.st_size == 0) return file;
    const size_t size = size_t(st.st_size);
    void* data = ::mmap(nullptr, size, PROT_READ | PROT_WRITE, MAP_PRIVATE, fd.get(), 0);
    if (data == MAP_FAILED) fail_io("map", path, errno);
    file->data_ = static_cast<const uint8_t*>(data);
    file->size_ = size;
    // The mapping keeps the file open by itself; the descriptor closes on return.
    return file;
}

MappedFile::~MappedFile() {
    if (data_) ::munmap(const_cast<uint8_t*>(data_), size_);
}

}  // namespace lk::io
