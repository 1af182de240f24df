// SHA-256 (FIPS 180-4), for naming a model by its content in the provenance an image carries.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <string>

namespace lk::io {

class Sha256 {
public:
    Sha256();
    void update(const void* data, size_t size);
    std::array<uint8_t, 32> finish();

private:
    void compress(const uint8_t* block);

    std::array<uint32_t, 8> state_;
    std::array<uint8_t, 64> pending_{};
    size_t pending_size_ = 0;
    uint64_t total_size_ = 0;
};

// Lower-case hex digits of the digest of the file's bytes; LK_ERR_IO naming the path on failure.
std::string sha256_of_file(const std::string& path);

// The digest of a folder's listing: one line "relative/path <sha256_of_file>\n" per regular file
// under it, sorted by path ('/' separators). A model folder hashes the same wherever it is copied
// and whatever order the file system lists it in. Hidden files and folders (".cache/" that
// download tools leave beside the model) are left out; symbolic links are followed, as the
// files of a download cache are links into its blob store.
std::string sha256_of_folder(const std::string& dir);

}  // namespace lk::io
