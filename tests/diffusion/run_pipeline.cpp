// Our side of the pipeline conformance check (check_pipeline_parity.py) and of the speed
// comparison (benchmarks/diffusion_speed.py): one generate call from a JSON request.
// Usage: run_pipeline MODEL REQUEST.json OUT.safetensors
// The request holds GenerateRequest's fields by name (sampler by its name, "inputs" naming a
// safetensors file with "init_image" and "mask", "tokenizer_dir" LoadOptions'); OUT gets "images" (N, 3, H, W) float32 and the
// seconds generate took in its metadata.
#include "diffusion/model.h"
#include "diffusion/pipeline.h"
#include "io/file.h"
#include "io/safetensors.h"

#include <nlohmann/json.hpp>

#include <chrono>
#include <cstdio>
#include <exception>
#include <string>

int main(int argc, char** argv) {
    try {
        if (argc != 4) {
            std::fprintf(stderr, "usage: run_pipeline MODEL REQUEST.json OUT.safetensors\n");
            return 2;
        }
        namespace d = lk::diffusion;
        const std::vector<uint8_t> bytes = lk::io::read_file(argv[2]);
        const nlohmann::json json = nlohmann::json::parse(bytes.begin(), bytes.end());
        d::LoadOptions options;
        options.tokenizer_dir = json.value("tokenizer_dir", "");
        d::StableDiffusion model = d::load_model(argv[1], options);
        d::GenerateRequest request;
        request.prompt = json.value("prompt", "");
        request.negative_prompt = json.value("negative_prompt", "");
        request.width = json.value("width", int64_t{0});
        request.height = json.value("height", int64_t{0});
        request.sampler.kind = d::sampler_named(json.value("sampler", "euler")).value();
        request.sampler.steps = json.value("steps", int64_t{4});
        request.sampler.karras_sigmas = json.value("karras", false);
        request.sampler.eta = json.value("eta", 0.0);
        request.guidance_scale = json.value("guidance_scale", 7.5);
        request.seed = json.value("seed", uint64_t{0});
        request.batch = json.value("batch", int64_t{1});
        request.clip_skip = json.value("clip_skip", int64_t{1});
        request.strength = json.value("strength", 0.8);
        if (json.contains("inputs")) {
            const auto inputs = lk::io::SafetensorsFile::open(json["inputs"].get<std::string>());
            if (inputs.contains("init_image")) request.init_image = inputs.tensor("init_image");
            if (inputs.contains("mask")) request.mask = inputs.tensor("mask");
        }
        const auto start = std::chrono::steady_clock::now();
        const at::Tensor images = d::generate(model, request);
        const std::chrono::duration<double> seconds = std::chrono::steady_clock::now() - start;
        lk::io::write_safetensors(argv[3], {{"images", images}}, {{"seconds", std::to_string(seconds.count())}});
    } catch (const std::exception& error) {
        std::fprintf(stderr, "run_pipeline: %s\n", error.what());
        return 1;
    }
    return 0;
}
