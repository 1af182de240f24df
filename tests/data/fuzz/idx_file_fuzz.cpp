// libFuzzer target: any bytes, taken as a whole idx file (raw or gzip), must either parse into
// an array that keeps the parser's promise or be refused with LK_ERR_FORMAT. Anything else (a
// broken promise, another exception, a crash, a leak, undefined behaviour under the sanitizers)
// is a finding. Built and run by `scripts/fuzz.sh idx_file`.
#include "core/error.h"
#include "data/idx_file.h"

#include <cstdlib>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    try {
        const lk::data::IdxArray array = lk::data::parse_idx(data, size, "fuzz input");
        // What a reader relies on: a non-empty shape whose product is the number of values.
        uint64_t count = 1;
        for (const int64_t dimension : array.shape) {
            if (dimension < 0) std::abort();
            count *= uint64_t(dimension);
        }
        if (array.shape.empty() || count != array.values.size()) std::abort();
    } catch (const lk::Error& e) {
        if (e.status() != LK_ERR_FORMAT) std::abort();
    }
    return 0;
}
