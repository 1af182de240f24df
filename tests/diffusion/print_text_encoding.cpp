// Our side of the text encoder parity check: a diffusers folder's tokenizer and text encoder on
// prompts, as JSON {"ids": [[77 ids] per prompt], "hidden": [[77 x hidden] per prompt]}.
// Usage: print_text_encoding FOLDER CLIP_SKIP PROMPT...
#include "diffusion/clip_tokenizer.h"
#include "diffusion/text_encoder.h"
#include "io/file.h"
#include "io/safetensors.h"

#include <ATen/ops/tensor.h>

#include <nlohmann/json.hpp>

#include <cstdio>
#include <exception>
#include <string>
#include <vector>

int main(int argc, char** argv) {
    using namespace lk::diffusion;
    try {
        if (argc < 4) {
            std::fprintf(stderr, "usage: print_text_encoding FOLDER CLIP_SKIP PROMPT...\n");
            return 2;
        }
        const std::string folder = argv[1];
        const std::vector<uint8_t> config = lk::io::read_file(folder + "/text_encoder/config.json");
        const lk::io::SafetensorsFile file = lk::io::SafetensorsFile::open(folder + "/text_encoder/model.safetensors");
        Weights weights;
        for (const std::string& name : file.names()) weights.emplace(name, file.tensor(name));
        const TextEncoder encoder(TextEncoderConfig::from_json(std::string(config.begin(), config.end()), "config.json"),
                                  std::move(weights), Placement{});
        const ClipTokenizer tokenizer = ClipTokenizer::from_folder(folder + "/tokenizer");
        nlohmann::json out = {{"ids", nlohmann::json::array()}, {"hidden", nlohmann::json::array()}};
        for (int i = 3; i < argc; ++i) {
            const PromptWindows windows = tokenizer.windows(argv[i]);
            const std::vector<int64_t> ids(windows.ids.begin(), windows.ids.begin() + ClipTokenizer::kWindowLength);
            const at::Tensor hidden =
                encoder(at::tensor(ids).view({1, -1}), std::stoll(argv[2])).contiguous();
            out["ids"].push_back(ids);
            out["hidden"].push_back(std::vector<float>(hidden.data_ptr<float>(), hidden.data_ptr<float>() + hidden.numel()));
        }
        std::printf("%s\n", out.dump().c_str());
    } catch (const std::exception& error) {
        std::fprintf(stderr, "print_text_encoding: %s\n", error.what());
        return 1;
    }
    return 0;
}
