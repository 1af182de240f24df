// Our side of the tfjs reference check: the same summary per weight as tfjs_reference.js prints.
// Usage: print_tfjs_weights MANIFEST...
#include "io/tfjs_manifest.h"

#include <cmath>
#include <cstdio>
#include <exception>
#include <vector>

int main(int argc, char** argv) {
    try {
        for (int i = 1; i < argc; ++i) {
            for (const auto& [name, weight] : lk::io::read_tfjs_weights(argv[i])) {
                const std::vector<float>& values = weight.values;
                double sum = 0, magnitude = 0;
                for (const float v : values) sum += v, magnitude += std::fabs(v);
                std::printf("%s %zu %.17g %.17g %.9g %.9g\n", name.c_str(), values.size(), sum, magnitude,
                            values.empty() ? 0.0 : values.front(), values.empty() ? 0.0 : values.back());
            }
        }
    } catch (const std::exception& error) {
        std::fprintf(stderr, "print_tfjs_weights: %s\n", error.what());
        return 1;
    }
    return 0;
}
