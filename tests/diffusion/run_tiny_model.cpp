// Our side of the UNet and autoencoder parity check (check_model_parity.py): loads one model of
// a diffusers folder (config.json + diffusion_pytorch_model.safetensors), runs it on the inputs
// the script wrote, and writes the outputs as safetensors.
// Usage: run_tiny_model unet|vae MODEL_DIR INPUTS OUTPUTS
//   unet: inputs sample, timesteps, context          -> outputs out
//         (and guidance, the guidance scales, for an LCM-distilled UNet)
//   vae:  inputs images, latents                     -> outputs mean, logvar, decoded
// or:    run_tiny_model unet-init|vae-init MODEL_DIR SEED OUTPUTS
//   fresh weights for the folder's config from a CPU generator seeded with SEED
#include "diffusion/autoencoder.h"
#include "diffusion/unet.h"
#include "io/file.h"
#include "io/safetensors.h"

#include <ATen/CPUGeneratorImpl.h>

#include <cstdio>
#include <exception>
#include <string>

namespace {

std::string text_of(const std::string& path) {
    const std::vector<uint8_t> bytes = lk::io::read_file(path);
    return {bytes.begin(), bytes.end()};
}

lk::diffusion::Weights weights_of(const std::string& path) {
    const auto file = lk::io::SafetensorsFile::open(path);
    lk::diffusion::Weights weights;
    for (const std::string& name : file.names()) weights[name] = file.tensor(name);
    return weights;
}

}  // namespace

int main(int argc, char** argv) {
    try {
        if (argc != 5) {
            std::fprintf(stderr, "usage: run_tiny_model unet|vae MODEL_DIR INPUTS OUTPUTS\n");
            return 2;
        }
        const std::string kind = argv[1], dir = argv[2];
        const std::string config = text_of(dir + "/config.json");
        std::vector<std::pair<std::string, at::Tensor>> outputs;
        if (kind == "unet-init" || kind == "vae-init") {
            const at::Generator generator = at::detail::createCPUGenerator(std::stoull(argv[3]));
            const lk::diffusion::Weights weights =
                kind == "unet-init"
                    ? lk::diffusion::UNet::initialized(
                          lk::diffusion::UNetConfig::from_json(config, dir), generator, {}).weights()
                    : lk::diffusion::Autoencoder::initialized(
                          lk::diffusion::AutoencoderConfig::from_json(config, dir), generator, {}).weights();
            outputs.assign(weights.begin(), weights.end());
            lk::io::write_safetensors(argv[4], outputs);
            return 0;
        }
        const auto inputs = lk::io::SafetensorsFile::open(argv[3]);
        const auto weights = weights_of(dir + "/diffusion_pytorch_model.safetensors");
        if (kind == "unet") {
            const lk::diffusion::UNet unet(lk::diffusion::UNetConfig::from_json(config, dir),
                                           weights, {});
            const at::Tensor cond =
                inputs.contains("guidance")
                    ? lk::diffusion::guidance_scale_embedding(inputs.tensor("guidance"),
                                                              unet.config().time_cond_proj_dim)
                    : at::Tensor();
            outputs.emplace_back("out", unet(inputs.tensor("sample"), inputs.tensor("timesteps"),
                                             inputs.tensor("context"), cond));
        } else {
            const lk::diffusion::Autoencoder vae(
                lk::diffusion::AutoencoderConfig::from_json(config, dir), weights, {});
            const auto latents = vae.encode(inputs.tensor("images"));
            outputs.emplace_back("mean", latents.mean);
            outputs.emplace_back("logvar", latents.logvar);
            outputs.emplace_back("decoded", vae.decode(inputs.tensor("latents")));
        }
        lk::io::write_safetensors(argv[4], outputs);
    } catch (const std::exception& error) {
        std::fprintf(stderr, "run_tiny_model: %s\n", error.what());
        return 1;
    }
    return 0;
}
