// libFuzzer target: any bytes, taken as a whole safetensors file, must either parse or be refused
// with LK_ERR_FORMAT. Anything else (another exception, a crash, a leak, undefined behaviour under
// the sanitizers) is a finding. Built and run by scripts/fuzz.sh.
#include "core/error.h"
#include "io/safetensors_header.h"

#include <cstdlib>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    try {
        lk::io::parse_safetensors_header(data, size, size, "fuzz input");
    } catch (const lk::Error& e) {
        if (e.status() != LK_ERR_FORMAT) std::abort();
    }
    return 0;
}
