#include "core/context.h"
#include "support/error_of.h"
#include "support/images.h"

#include <gtest/gtest.h>

#include <thread>
#include <vector>

namespace lk {
namespace {


lk_context_params defaults() {
    lk_context_params params{};
    params.struct_size = sizeof params;
    params.device = "cpu";
    params.log_level = LK_LOG_WARN;
    return params;
}

TEST(Device, ParsesCpuAndAuto) {
    EXPECT_FALSE(resolve_device("cpu").cuda);
    EXPECT_FALSE(resolve_device(nullptr).cuda);
    EXPECT_EQ(resolve_device("auto").cuda, !cuda_devices().empty());
}

TEST(Device, CudaWithoutAGpuIsUnsupportedNeverAFallback) {
    if (!cuda_devices().empty()) GTEST_SKIP() << "a CUDA device is present";
    for (const char* name : {"cuda", "cuda:0", "cuda:3"}) {
        const std::string message = test::error_of(LK_ERR_UNSUPPORTED, [&] { resolve_device(name); });
        EXPECT_NE(message.find(name), std::string::npos) << message;
    }
}

TEST(Device, UnknownNamesAreInvalidArguments) {
    for (const char* name : {"gpu", "cuda:", "cuda:-1", "cuda:x", "CPU", "cuda:123456789", "cpu "}) {
        SCOPED_TRACE(name);
        test::error_of(LK_ERR_INVALID_ARGUMENT, [&] { resolve_device(name); });
    }
}

TEST(Context, RejectsBadLevelsAndThreadCounts) {
    lk_context_params params = defaults();
    params.log_level = lk_log_level(9);
    test::error_of(LK_ERR_INVALID_ARGUMENT, [&] { Context c(params); });
    params = defaults();
    params.num_threads = -2;
    test::error_of(LK_ERR_INVALID_ARGUMENT, [&] { Context c(params); });
}

TEST(Context, LogCallbackGetsMessagesAtOrAboveItsLevel) {
    std::vector<std::pair<lk_log_level, std::string>> seen;
    lk_context_params params = defaults();
    params.log_level = LK_LOG_INFO;
    params.log_user = &seen;
    params.log_callback = [](lk_log_level level, const char* message, void* user) {
        static_cast<decltype(seen)*>(user)->emplace_back(level, message);
    };
    const Context context(params);
    context.log(LK_LOG_DEBUG, "hidden");
    context.log(LK_LOG_INFO, "shown");
    context.log(LK_LOG_ERROR, "also shown");
    ASSERT_EQ(seen.size(), 2u);
    EXPECT_EQ(seen[0], std::make_pair(LK_LOG_INFO, std::string("shown")));
    EXPECT_EQ(seen[1].first, LK_LOG_ERROR);
}

TEST(Context, InterruptFromAnotherThreadStopsWorkUntilResumed) {
    Context context(defaults());
    std::atomic<bool> started{false};
    std::thread worker([&] {
        started = true;
        // A long operation's loop: it checks between steps.
        for (;;) {
            try {
                context.check_interrupt();
            } catch (const Error& e) {
                EXPECT_EQ(e.status(), LK_ERR_CANCELLED);
                return;
            }
            std::this_thread::yield();
        }
    });
    while (!started) std::this_thread::yield();
    context.interrupt();
    worker.join();
    test::error_of(LK_ERR_CANCELLED, [&] { context.check_interrupt(); });
    context.resume();
    [&] { context.check_interrupt(); }();
}

TEST(Context, DescribeNamesVersionsAndDevices) {
    Context context(defaults());
    const std::string json = context.describe();
    for (const char* key : {"\"version\"", "\"torch\"", "\"devices\"", "\"cpu\"", "\"abi\""})
        EXPECT_NE(json.find(key), std::string::npos) << key << " missing from " << json;
}

}  // namespace
}  // namespace lk
