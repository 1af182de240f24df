// Writes, for each seed on the command line, LegacyRandomState's randn drawn in calls of growing
// length and latents_from_seeds' float32 row, for check_seed_normals.py to compare with numpy.
//
//     print_seed_normals OUTPUT COUNT Z_DIM SEED...

#include "gan/seeds.h"

#include <ATen/core/Tensor.h>
#include <fmt/format.h>

#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

int main(int argc, char** argv) {
    if (argc < 5) {
        std::fprintf(stderr, "usage: %s OUTPUT COUNT Z_DIM SEED...\n", argv[0]);
        return 2;
    }
    const std::size_t count = std::stoul(argv[2]);
    const std::int64_t z_dim = std::stoll(argv[3]);
    std::vector<std::int64_t> seeds;
    for (int i = 4; i < argc; ++i) {
        seeds.push_back(std::stoll(argv[i]));
    }

    std::string text;
    for (const std::int64_t seed : seeds) {
        // Calls of length 1, 2, 3, ... so that the normal numpy keeps back crosses calls; numpy
        // draws the same values in one call.
        lk::gan::LegacyRandomState state(seed);
        text += fmt::format("randn {}", seed);
        for (std::size_t drawn = 0, call = 1; drawn < count; drawn += call, ++call) {
            for (const double value : state.randn(std::min(call, count - drawn))) {
                text += fmt::format(" {:a}", value);
            }
        }
        text += "\n";
    }
    const at::Tensor latents = lk::gan::latents_from_seeds(seeds, z_dim);
    const float* values = latents.data_ptr<float>();
    for (std::size_t row = 0; row < seeds.size(); ++row) {
        text += fmt::format("latent {}", seeds[row]);
        for (std::int64_t i = 0; i < z_dim; ++i) {
            text += fmt::format(" {:a}", double(values[row * z_dim + i]));
        }
        text += "\n";
    }

    std::FILE* file = std::fopen(argv[1], "w");
    if (file == nullptr || std::fputs(text.c_str(), file) < 0 || std::fclose(file) != 0) {
        std::fprintf(stderr, "cannot write %s\n", argv[1]);
        return 1;
    }
    return 0;
}
