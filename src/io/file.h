// Whole-file reads and all-or-nothing writes.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace lk::io {

// The file's bytes; LK_ERR_IO naming the path and the system's reason if it cannot be read.
std::vector<uint8_t> read_file(const std::string& path);

// Writes `size` bytes to a temporary file in the target's folder, flushes it and renames it over
// `path`, so readers see the old file or the new one, never a part. Removes the temporary file
// on failure. LK_ERR_IO naming the path and the reason.
void write_file_atomically(const std::string& path, const void* data, size_t size);

}  // namespace lk::io
