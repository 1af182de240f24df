// exiftool as the independent reader and writer of image metadata in the tests. It is part of
// the setup (libimage-exiftool-perl); without it the tests that use it fail rather than skip.
#pragma once

#include "support/command.h"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <string>

namespace lk::test {

// What `exiftool -j -G1 -struct` says about a file: tag names "Group:Tag" to values.
inline nlohmann::json exiftool_tags(const std::string& path) {
    const CommandRun run = run_command("exiftool -j -G1 -struct '" + path + "' 2>&1");
    if (run.exit_code != 0) {
        ADD_FAILURE() << "exiftool failed (exit " << run.exit_code << "; is libimage-exiftool-perl "
                      << "installed? scripts/setup.sh installs it): " << run.out;
        return nlohmann::json::object();
    }
    return nlohmann::json::parse(run.out).at(0);
}

// Edits a file in place with exiftool `arguments` (already shell-quoted).
inline void exiftool_edit(const std::string& arguments, const std::string& path) {
    const CommandRun run =
        run_command("exiftool -q -overwrite_original " + arguments + " '" + path + "' 2>&1");
    ASSERT_EQ(run.exit_code, 0) << "exiftool " << arguments << ": " << run.out
                                << " (is libimage-exiftool-perl installed? scripts/setup.sh installs it)";
}

}  // namespace lk::test
