// Errors inside Likeness: every failure is an lk::Error carrying the lk_status that the C ABI
// returns and the sentence lk_last_error() shows.
#pragma once

#include <likeness/core.h>

#include <fmt/format.h>

#include <stdexcept>
#include <string>
#include <string_view>

namespace lk {

class Error : public std::runtime_error {
public:
    Error(lk_status status, std::string message)
        : std::runtime_error(std::move(message)), status_(status) {}
    lk_status status() const noexcept { return status_; }

private:
    lk_status status_;
};

template <typename... Args>
[[noreturn]] void fail(lk_status status, fmt::format_string<Args...> format, Args&&... args) {
    throw Error(status, fmt::format(format, std::forward<Args>(args)...));
}

// Text safe to put in a message: valid UTF-8 passes through, other bytes become \xNN, so that a
// non-UTF-8 path still yields a readable (and decodable) error.
std::string printable(std::string_view text);

}  // namespace lk
