#include "diffusion/noise.h"

#include "core/error.h"

#include <ATen/CPUGeneratorImpl.h>
#include <ATen/ops/cat.h>
#include <ATen/ops/randn.h>

#include <optional>

namespace lk::diffusion {

Generators seeded_generators(uint64_t seed, int64_t count) {
    Generators generators;
    generators.reserve(static_cast<size_t>(count));
    for (int64_t i = 0; i < count; ++i) generators.push_back(at::detail::createCPUGenerator(seed + static_cast<uint64_t>(i)));
    return generators;
}

at::Tensor gaussian_noise(at::IntArrayRef shape, const Generators& generators, const at::TensorOptions& options) {
    const at::TensorOptions drawn =
        at::TensorOptions().dtype(at::kFloat).device(generators.empty() ? at::Device(at::kCPU) : generators[0].device());
    at::Tensor noise;
    if (generators.size() <= 1) {
        noise = at::randn(shape, generators.empty() ? std::nullopt : std::optional(generators[0]), drawn);
    } else {
        if (shape.empty() || static_cast<int64_t>(generators.size()) != shape[0])
            fail(LK_ERR_INVALID_ARGUMENT, "{} generators for noise of {} samples; expected one per sample",
                 generators.size(), shape.empty() ? 0 : shape[0]);
        std::vector<int64_t> one(shape.begin(), shape.end());
        one[0] = 1;
        std::vector<at::Tensor> samples;
        samples.reserve(generators.size());
        for (const at::Generator& generator : generators) samples.push_back(at::randn(one, generator, drawn));
        noise = at::cat(samples);
    }
    return noise.to(options.device(), options.dtype().toScalarType());
}

}  // namespace lk::diffusion
