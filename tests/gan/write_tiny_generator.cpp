// Writes a freshly initialized generator with very few channels at a given resolution: images
// as large as real faces, for the tests that need them (the watermark needs 192x192), made in
// milliseconds. Usage: write_tiny_generator PATH RESOLUTION
#include "gan/config.h"
#include "gan/model_file.h"
#include "gan/training/initialization.h"

#include <ATen/core/Generator.h>
#include <ATen/CPUGeneratorImpl.h>

#include <cstdio>
#include <string>

int main(int argc, char** argv) {
    if (argc != 3) {
        std::fprintf(stderr, "usage: write_tiny_generator PATH RESOLUTION\n");
        return 2;
    }
    const std::string json = R"({"z_dim": 8, "c_dim": 0, "w_dim": 8, "img_resolution": )" +
                             std::string(argv[2]) + R"(, "img_channels": 3,
        "mapping_kwargs": {"num_layers": 1},
        "synthesis_kwargs": {"channel_base": 1024, "channel_max": 4}})";
    try {
        const lk::gan::GeneratorConfig config = lk::gan::GeneratorConfig::parse(json);
        at::Generator rng = at::make_generator<at::CPUGeneratorImpl>(7);
        lk::gan::write_generator(argv[1], config, json,
                                 lk::gan::initial_weights(config, rng, c10::kCPU),
                                 "tests/gan/write_tiny_generator.cpp");
    } catch (const std::exception& error) {
        std::fprintf(stderr, "write_tiny_generator: %s\n", error.what());
        return 1;
    }
    return 0;
}
