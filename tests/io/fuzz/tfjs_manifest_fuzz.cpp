// libFuzzer target: any bytes, taken as a tfjs weights manifest, must either parse into weights
// that tile their groups exactly and decode within their bytes, or be refused with
// LK_ERR_FORMAT. Anything else is a finding. Built and run by scripts/fuzz.sh.
#include "core/error.h"
#include "io/tfjs_manifest.h"

#include <cstdlib>
#include <vector>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    try {
        const lk::io::TfjsManifest m = lk::io::parse_tfjs_manifest(
            std::string_view(reinterpret_cast<const char*>(data), size), "fuzz");
        std::vector<size_t> covered(m.groups.size(), 0);
        for (const lk::io::TfjsWeightSpec& w : m.weights) {
            if (w.group >= m.groups.size() || w.offset != covered[w.group]) std::abort();
            covered[w.group] += w.byte_size;
            // Decode small weights from zeroed bytes: every read must stay inside byte_size.
            if (w.byte_size <= 4096) {
                const std::vector<uint8_t> bytes(w.byte_size);
                if (lk::io::decode_tfjs_weight(w, bytes.data()).size() != size_t(w.count)) std::abort();
            }
        }
        if (covered != m.group_sizes) std::abort();
    } catch (const lk::Error& e) {
        if (e.status() != LK_ERR_FORMAT) std::abort();
    }
    return 0;
}
