// libFuzzer target: any bytes, taken as an image file, must either keep find_xmp's, with_xmp's and
// transplant_metadata's promises (fuzz/promises.h) or be refused with LK_ERR_FORMAT. Anything else
// is a finding. Built and run by scripts/fuzz.sh.
#include "promises.h"

#include <cstdlib>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    try {
        lk::provenance::fuzz::check_container_metadata(data, size);
    } catch (const lk::Error& e) {
        if (e.status() != LK_ERR_FORMAT) std::abort();
    }
    return 0;
}
