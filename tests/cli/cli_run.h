// Running the `likeness` executable as a script would, for the CLI tests.
#pragma once

#include "support/command.h"

#include <string>

namespace lk::test {

using CliRun = CommandRun;

// Runs the CLI with `arguments` (already shell-quoted), capturing stdout; stderr is dropped.
inline CliRun run_cli(const std::string& arguments) {
    return run_command(std::string(LIKENESS_CLI) + " " + arguments + " 2>/dev/null");
}

}  // namespace lk::test
