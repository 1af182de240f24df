// Catching the lk::Error that a call must throw, to check its status and message.
#pragma once

#include "core/error.h"

#include <gtest/gtest.h>

#include <string>

namespace lk::test {

// Runs `body`, which must throw lk::Error with `status`; returns the message for the caller to
// check that it names what was wrong.
template <typename Body>
std::string error_of(lk_status status, Body&& body) {
    try {
        body();
    } catch (const Error& e) {
        EXPECT_EQ(e.status(), status) << e.what();
        return e.what();
    }
    ADD_FAILURE() << "expected an lk::Error with status " << int(status);
    return "";
}

}  // namespace lk::test
