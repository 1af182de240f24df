// Running the `likeness` executable as a script would, for the CLI tests.
#pragma once

#include <cstdio>
#include <string>

#include <sys/wait.h>

namespace lk::test {

struct CliRun {
    int exit_code;
    std::string out;
};

// Runs the CLI with `arguments` (already shell-quoted), capturing stdout; stderr is dropped.
inline CliRun run_cli(const std::string& arguments) {
    const std::string command = std::string(LIKENESS_CLI) + " " + arguments + " 2>/dev/null";
    FILE* pipe = ::popen(command.c_str(), "r");
    if (!pipe) return {-1, ""};
    std::string out;
    char buffer[4096];
    while (size_t n = std::fread(buffer, 1, sizeof buffer, pipe)) out.append(buffer, n);
    const int status = ::pclose(pipe);
    return {WIFEXITED(status) ? WEXITSTATUS(status) : -1, out};
}

}  // namespace lk::test
