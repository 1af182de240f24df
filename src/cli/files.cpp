#include "files.h"

#include <likeness/likeness.hpp>

#include <fmt/format.h>

#include <filesystem>
#include <fstream>

namespace lk::cli {

namespace {

[[noreturn]] void io_failure(const std::string& what, const std::string& path, const std::string& why) {
    throw likeness::Error(LK_ERR_IO, fmt::format("cannot {} {}: {}", what, path, why));
}

// Renames the finished temporary file over `path`, or removes it.
void publish(const std::string& temporary, const std::string& path) {
    std::error_code error;
    std::filesystem::rename(temporary, path, error);
    if (!error) return;
    std::filesystem::remove(temporary, error);
    io_failure("write", path, "the finished file could not be renamed into place");
}

}  // namespace

void make_directory(const std::string& dir) {
    std::error_code error;
    std::filesystem::create_directories(dir, error);
    if (error) io_failure("create the output folder", dir, error.message());
}

void write_file(const std::string& path, const std::string& text) {
    const std::string temporary = path + ".partial";
    {
        std::ofstream out(temporary, std::ios::binary);
        out << text;
        out.close();
        if (!out) {
            std::error_code ignored;
            std::filesystem::remove(temporary, ignored);
            io_failure("write", path, "the file could not be written");
        }
    }
    publish(temporary, path);
}

void copy_into(const std::string& file, const std::string& dir) {
    const std::filesystem::path target = std::filesystem::path(dir) / std::filesystem::path(file).filename();
    const std::string temporary = target.string() + ".partial";
    std::error_code error;
    std::filesystem::copy_file(file, temporary, std::filesystem::copy_options::overwrite_existing, error);
    if (error) io_failure("copy " + file + " to", dir, error.message());
    publish(temporary, target.string());
}

}  // namespace lk::cli
