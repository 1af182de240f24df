// libFuzzer target: any bytes, taken as a whole safetensors file, must either parse into a
// header that keeps the parser's promises or be refused with LK_ERR_FORMAT. Anything else (a
// broken promise, another exception, a crash, a leak, undefined behaviour under the sanitizers)
// is a finding. Built and run by scripts/fuzz.sh.
#include "core/error.h"
#include "io/safetensors_header.h"

#include <cstdlib>

namespace {

// What a reader relies on: the tensors, in data order, tile the data buffer exactly, and each
// one's byte count is its element count times its dtype's size.
void check_promises(const lk::io::SafetensorsHeader& header, uint64_t file_size) {
    uint64_t covered = 0;
    for (const auto& entry : header.tensors) {
        uint64_t bytes = lk::io::dtype_size(entry.dtype);
        for (const int64_t dimension : entry.shape) {
            if (dimension < 0) std::abort();
            bytes *= uint64_t(dimension);
        }
        if (entry.begin != covered || entry.end - entry.begin != bytes) std::abort();
        covered = entry.end;
    }
    if (header.data_start + covered != file_size) std::abort();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    try {
        check_promises(lk::io::parse_safetensors_header(data, size, size, "fuzz input"), size);
    } catch (const lk::Error& e) {
        if (e.status() != LK_ERR_FORMAT) std::abort();
    }
    return 0;
}
