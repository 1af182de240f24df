// Running the `likeness` executable as a script would, for the CLI tests.
#pragma once

#include "support/command.h"

#include <string>

#include <pty.h>
#include <sys/wait.h>
#include <unistd.h>

namespace lk::test {

using CliRun = CommandRun;

// Runs the CLI with `arguments` (already shell-quoted), capturing stdout; stderr is dropped.
inline CliRun run_cli(const std::string& arguments) {
    return run_command(std::string(LIKENESS_CLI) + " " + arguments + " 2>/dev/null");
}

// Runs the CLI capturing what it writes to stderr (stdout is dropped).
inline CliRun run_cli_stderr(const std::string& arguments) {
    return run_command(std::string(LIKENESS_CLI) + " " + arguments + " 2>&1 >/dev/null");
}

// Runs the CLI with stderr on a pseudo-terminal, as in an interactive shell, capturing what it
// writes there (stdout is dropped): what a user watching the command sees.
inline CliRun run_cli_on_terminal(const std::string& arguments) {
    int terminal = -1, side = -1;
    if (::openpty(&terminal, &side, nullptr, nullptr, nullptr) != 0) return {-1, ""};
    const pid_t child = ::fork();
    if (child == 0) {
        ::close(terminal);
        ::dup2(side, STDERR_FILENO);
        const std::string command = std::string(LIKENESS_CLI) + " " + arguments + " >/dev/null";
        ::execl("/bin/sh", "sh", "-c", command.c_str(), static_cast<char*>(nullptr));
        ::_exit(127);
    }
    ::close(side);
    std::string out;
    char buffer[4096];
    // Reading fails (EIO) once the child and its descendants have closed the terminal.
    for (ssize_t n; (n = ::read(terminal, buffer, sizeof buffer)) > 0;) out.append(buffer, size_t(n));
    ::close(terminal);
    int status = 0;
    if (child < 0 || ::waitpid(child, &status, 0) != child) return {-1, out};
    return {WIFEXITED(status) ? WEXITSTATUS(status) : -1, out};
}

}  // namespace lk::test
