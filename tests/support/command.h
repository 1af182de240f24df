// Running a shell command from a test and capturing what it prints.
#pragma once

#include <cstdio>
#include <string>

#include <sys/wait.h>

namespace lk::test {

struct CommandRun {
    int exit_code;  // -1 when the command could not run or was killed
    std::string out;
};

// Runs `command` with /bin/sh, capturing its stdout.
inline CommandRun run_command(const std::string& command) {
    FILE* pipe = ::popen(command.c_str(), "r");
    if (!pipe) return {-1, ""};
    std::string out;
    char buffer[4096];
    while (size_t n = std::fread(buffer, 1, sizeof buffer, pipe)) out.append(buffer, n);
    const int status = ::pclose(pipe);
    return {WIFEXITED(status) ? WEXITSTATUS(status) : -1, out};
}

}  // namespace lk::test
