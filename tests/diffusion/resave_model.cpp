// Loads a model with load_model and writes it with save_diffusers_folder, for
// check_saved_folder.py to open with diffusers. Usage: resave_model MODEL TOKENIZER_DIR OUT_FOLDER
#include "diffusion/model.h"

#include <cstdio>
#include <exception>

int main(int argc, char** argv) {
    try {
        if (argc != 4) {
            std::fprintf(stderr, "usage: resave_model MODEL TOKENIZER_DIR OUT_FOLDER\n");
            return 2;
        }
        const lk::diffusion::StableDiffusion model = lk::diffusion::load_model(argv[1], {});
        lk::diffusion::save_diffusers_folder(model, argv[2], argv[3]);
    } catch (const std::exception& error) {
        std::fprintf(stderr, "resave_model: %s\n", error.what());
        return 1;
    }
    return 0;
}
