// The context behind lk_context: the device, the thread count, the log sink and the interrupt
// flag that every long operation consults.
#pragma once

#include "core/device.h"

#include <likeness/core.h>

#include <atomic>
#include <mutex>
#include <string>

namespace lk {

class Context {
public:
    explicit Context(const lk_context_params& params);

    const Device& device() const { return device_; }
    const std::string& device_name() const { return device_name_; }

    void log(lk_log_level level, const std::string& message) const;

    // Lock-free, so safe from any thread and from signal handlers.
    void interrupt() noexcept { interrupted_.store(true, std::memory_order_relaxed); }
    void resume() noexcept { interrupted_.store(false, std::memory_order_relaxed); }
    bool interrupted() const noexcept { return interrupted_.load(std::memory_order_relaxed); }
    // Long operations call this between steps: LK_ERR_CANCELLED once interrupted.
    void check_interrupt() const;

    // JSON describing the build, the compute library and the devices; kept until the next call.
    const char* describe();

private:
    Device device_;
    std::string device_name_;
    lk_log_level log_level_;
    lk_log_fn log_callback_;
    void* log_user_;
    std::atomic<bool> interrupted_{false};
    std::mutex describe_mutex_;
    std::string description_;
};

static_assert(std::atomic<bool>::is_always_lock_free);

}  // namespace lk
