// The CLI's commands. Each area adds its entries to the table in main.cpp; a command fills
// `result` for --json and prints its own human-readable text otherwise.
#pragma once

#include "arguments.h"

#include <nlohmann/json.hpp>

#include <string>
#include <vector>

namespace lk::cli {

struct Output {
    bool json = false;        // --json: main prints `result`; commands stay silent on stdout
    nlohmann::json result = nlohmann::json::object();
};

struct Command {
    std::vector<std::string> words;  // e.g. {"image", "convert"}
    const char* usage;               // arguments after the words
    const char* summary;
    void (*run)(Arguments& args, Output& out);
    bool json_file = false;          // --json names a file the command writes; stdout stays text
};

void run_info(Arguments& args, Output& out);
void run_image_convert(Arguments& args, Output& out);
void run_gan_info(Arguments& args, Output& out);
void run_gan_generate(Arguments& args, Output& out);
void run_gan_train(Arguments& args, Output& out);
void run_gan_metrics(Arguments& args, Output& out);
void run_provenance_inspect(Arguments& args, Output& out);
void run_provenance_mark(Arguments& args, Output& out);
void run_face_analyze(Arguments& args, Output& out);
void run_face_check_selfies(Arguments& args, Output& out);
void run_face_filter(Arguments& args, Output& out);
void run_diffusion_info(Arguments& args, Output& out);
void run_diffusion_generate(Arguments& args, Output& out);
void run_diffusion_train(Arguments& args, Output& out);

}  // namespace lk::cli
