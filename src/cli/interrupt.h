// Ctrl-C for long commands: the first SIGINT interrupts the command's context, which stops the
// work at its next check (between batches, within a training minibatch) with LK_ERR_CANCELLED,
// after anything half-made has been cleaned up or saved.
#pragma once

#include <likeness/likeness.hpp>

#include <csignal>

namespace lk::cli {

namespace detail {
inline lk_context* interruptible = nullptr;
extern "C" inline void on_interrupt(int) { lk_context_interrupt(interruptible); }
}  // namespace detail

class InterruptScope {
public:
    explicit InterruptScope(const likeness::Context& context) {
        detail::interruptible = context.get();
        previous_ = std::signal(SIGINT, detail::on_interrupt);
    }
    ~InterruptScope() {
        std::signal(SIGINT, previous_);
        detail::interruptible = nullptr;
    }
    InterruptScope(const InterruptScope&) = delete;
    InterruptScope& operator=(const InterruptScope&) = delete;

private:
    void (*previous_)(int) = SIG_DFL;
};

}  // namespace lk::cli
