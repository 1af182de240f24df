// The progress bar of long commands, on stderr.
#pragma once

#include <fmt/format.h>

#include <cstddef>
#include <cstdio>
#include <string>

#include <unistd.h>

namespace lk::cli {

// A bar redrawn in place on a terminal; nothing when stderr is a file or a pipe, whose readers
// want the result, not a stream of carriage returns. `unit` names what is counted ("steps").
class ProgressBar {
public:
    explicit ProgressBar(size_t total, std::string unit = {})
        : total_(total), unit_(unit.empty() ? unit : " " + unit),
          shown_(::isatty(STDERR_FILENO) == 1) {}
    void update(size_t done) const {
        if (!shown_) return;
        constexpr size_t width = 30;
        const size_t filled = total_ ? done * width / total_ : width;
        fmt::print(stderr, "\r[{}{}] {}/{}{}", std::string(filled, '#'),
                   std::string(width - filled, ' '), done, total_, unit_);
        if (done == total_) fmt::print(stderr, "\n");
    }

private:
    size_t total_;
    std::string unit_;
    bool shown_;
};

}  // namespace lk::cli
