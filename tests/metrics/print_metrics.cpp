// FID and KID of pairs of feature matrices stored as raw little-endian float64 rows, printed as
// one JSON object per line, for check_metrics.py to compare with numpy and with closed forms.
// One process for every pair: starting libtorch takes longer than the metrics.
//   print_metrics NUM_SUBSETS MAX_SUBSET_SIZE SEED [REAL GENERATED WIDTH]...
#include "io/file.h"
#include "metrics/statistics.h"

#include <ATen/ops/from_blob.h>
#include <fmt/format.h>

#include <cstdio>
#include <string>

namespace {

at::Tensor read_features(const std::string& path, int64_t width) {
    std::vector<uint8_t> bytes = lk::io::read_file(path);
    const int64_t rows = int64_t(bytes.size() / sizeof(double)) / width;
    return at::from_blob(bytes.data(), {rows, width}, at::kDouble).clone();
}

}  // namespace

int main(int argc, char** argv) {
    if (argc < 4 || (argc - 4) % 3 != 0) {
        std::fprintf(stderr, "usage: print_metrics NUM_SUBSETS MAX_SUBSET_SIZE SEED "
                             "[REAL GENERATED WIDTH]...\n");
        return 2;
    }
    try {
        lk::metrics::KidOptions options;
        options.num_subsets = std::stoll(argv[1]);
        options.max_subset_size = std::stoll(argv[2]);
        options.seed = std::stoll(argv[3]);
        for (int pair = 4; pair < argc; pair += 3) {
            const int64_t width = std::stoll(argv[pair + 2]);
            const at::Tensor real = read_features(argv[pair], width);
            const at::Tensor generated = read_features(argv[pair + 1], width);
            const double fid =
                lk::metrics::frechet_distance(lk::metrics::feature_statistics(real),
                                              lk::metrics::feature_statistics(generated));
            const double kid = lk::metrics::kernel_inception_distance(real, generated, options);
            fmt::print("{{\"fid\": {:.17g}, \"kid\": {:.17g}}}\n", fid, kid);
        }
    } catch (const std::exception& e) {
        std::fprintf(stderr, "print_metrics: %s\n", e.what());
        return 1;
    }
    return 0;
}
