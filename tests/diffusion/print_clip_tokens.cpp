// Our side of the CLIP tokenizer parity check: the vocabulary's counts, then each prompt's ids.
// Usage: print_clip_tokens VOCAB_JSON MERGES_TXT PROMPTS_JSON (a JSON array of strings)
#include "diffusion/clip_tokenizer.h"
#include "io/file.h"

#include <nlohmann/json.hpp>

#include <cstdio>
#include <exception>
#include <string>

int main(int argc, char** argv) {
    if (argc != 4) {
        std::fprintf(stderr, "usage: print_clip_tokens VOCAB_JSON MERGES_TXT PROMPTS_JSON\n");
        return 2;
    }
    try {
        const auto tokenizer = lk::diffusion::ClipTokenizer::from_files(argv[1], argv[2]);
        std::printf("vocab %zu merges %zu bos %d eos %d\n", tokenizer.vocab_size(), tokenizer.merge_count(),
                    tokenizer.bos(), tokenizer.eos());
        const std::vector<uint8_t> bytes = lk::io::read_file(argv[3]);
        for (const auto& prompt : nlohmann::json::parse(bytes.begin(), bytes.end())) {
            std::string line;
            for (const int32_t id : tokenizer.encode(prompt.get<std::string>()))
                line += (line.empty() ? "" : " ") + std::to_string(id);
            std::printf("%s\n", line.c_str());
        }
    } catch (const std::exception& error) {
        std::fprintf(stderr, "print_clip_tokens: %s\n", error.what());
        return 1;
    }
    return 0;
}
