// Our side of the sampler parity check: a whole sampling run with a fixed stand-in denoiser, as
// JSON. Usage: print_sampler_run SAMPLER STEPS epsilon|v KARRAS(0|1) ETA SEED
#include "diffusion/sampler.h"

#include <ATen/CPUGeneratorImpl.h>
#include <ATen/TensorOperators.h>
#include <ATen/ops/randn.h>
#include <ATen/ops/sin.h>

#include <nlohmann/json.hpp>

#include <cmath>
#include <cstdio>
#include <exception>
#include <string>
#include <vector>

namespace {

// The stand-in denoiser, elementwise and cheap; check_sampler_parity.py computes the same.
at::Tensor denoiser(const at::Tensor& x, double t) {
    return x * std::cos(t / 400.0) + at::sin(x * 3.0) * 0.1;
}

std::vector<float> values(const at::Tensor& t) {
    const at::Tensor c = t.contiguous();
    return {c.data_ptr<float>(), c.data_ptr<float>() + c.numel()};
}

}  // namespace

int main(int argc, char** argv) {
    try {
        if (argc != 7) {
            std::fprintf(stderr, "usage: print_sampler_run SAMPLER STEPS epsilon|v KARRAS ETA SEED\n");
            return 2;
        }
        lk::diffusion::SamplerOptions options;
        options.kind = lk::diffusion::sampler_named(argv[1]).value();
        options.steps = std::stoll(argv[2]);
        options.prediction = std::string(argv[3]) == "v" ? lk::diffusion::Prediction::v : lk::diffusion::Prediction::epsilon;
        options.karras_sigmas = std::stoi(argv[4]) != 0;
        options.eta = std::stod(argv[5]);
        const auto sampler = lk::diffusion::make_sampler(options, lk::diffusion::NoiseSchedule::scaled_linear());
        at::Generator generator = at::detail::createCPUGenerator(std::stoull(argv[6]));
        at::Tensor latents = at::randn({1, 4, 8, 8}, generator, at::kFloat) * sampler->init_noise_sigma();
        for (int64_t i = 0; i < sampler->steps(); ++i) {
            const double t = sampler->timesteps()[i].item<float>();
            const at::Tensor output = denoiser(sampler->scale_model_input(latents, i), t);
            latents = sampler->step(output, i, latents, {generator});
        }
        const nlohmann::json out = {{"timesteps", values(sampler->timesteps())},
                                    {"init_noise_sigma", sampler->init_noise_sigma()},
                                    {"latents", values(latents)}};
        std::printf("%s\n", out.dump().c_str());
    } catch (const std::exception& error) {
        std::fprintf(stderr, "print_sampler_run: %s\n", error.what());
        return 1;
    }
    return 0;
}
