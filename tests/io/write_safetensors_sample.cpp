// Writes the samples of safetensors_samples.h with Likeness's writer, for
// check_reference_reads_ours.py to read with the reference implementation.
//     write_safetensors_sample OUTPUT
#include "core/error.h"
#include "io/safetensors.h"
#include "safetensors_samples.h"

#include <cstdio>

int main(int argc, char** argv) {
    if (argc != 2) {
        std::fprintf(stderr, "usage: %s OUTPUT\n", argv[0]);
        return 2;
    }
    std::vector<std::pair<std::string, at::Tensor>> tensors;
    for (const auto& sample : lk::test::samples())
        tensors.emplace_back(sample.name, lk::test::make_sample(sample));
    try {
        lk::io::write_safetensors(argv[1], tensors, lk::test::sample_metadata());
    } catch (const lk::Error& e) {
        std::fprintf(stderr, "%s\n", e.what());
        return 1;
    }
    return 0;
}
