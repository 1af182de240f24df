// Folders and files the commands write: created or written whole, or failing with LK_ERR_IO
// naming the path.
#pragma once

#include <string>

namespace lk::cli {

void make_directory(const std::string& dir);

// Writes `text` to a temporary file beside `path`, then renames it over `path`, so that a reader
// never sees half a file.
void write_file(const std::string& path, const std::string& text);

// Copies `file` into `dir` under its own name, in the same all-or-nothing way.
void copy_into(const std::string& file, const std::string& dir);

}  // namespace lk::cli
