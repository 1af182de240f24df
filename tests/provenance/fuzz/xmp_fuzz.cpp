// libFuzzer target: any bytes, taken as an XMP packet, must either keep read_xmp's and write_xmp's
// promises (fuzz/promises.h) or be refused with LK_ERR_FORMAT. Anything else (a broken promise,
// another exception, a crash, a leak, undefined behaviour under the sanitizers) is a finding.
// Built and run by scripts/fuzz.sh.
#include "promises.h"

#include <cstdlib>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    try {
        lk::provenance::fuzz::check_xmp(std::string_view(reinterpret_cast<const char*>(data), size));
    } catch (const lk::Error& e) {
        if (e.status() != LK_ERR_FORMAT) std::abort();
    }
    return 0;
}
