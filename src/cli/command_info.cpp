#include "commands.h"

#include <likeness/likeness.hpp>

#include <fmt/format.h>

namespace lk::cli {

void run_info(Arguments& args, Output& out) {
    likeness::Context::Options options;
    if (auto device = args.take_option("--device")) options.device = *device;
    args.positionals(0);
    likeness::Context context(options);
    out.result = nlohmann::json::parse(context.describe());
    if (out.json) return;

    const auto& build = out.result["likeness"];
    const auto& torch = out.result["torch"];
    fmt::print("likeness {} (ABI {}, {} build, {})\n", build["version"].get<std::string>(),
               build["abi"].get<int>(), build["build_type"].get<std::string>(),
               build["compiler"].get<std::string>());
    fmt::print("CUDA kernels: {}\n", build["cuda_kernels"].get<bool>() ? "built" : "not built");
    fmt::print("torch {} (CUDA build: {})\n", torch["version"].get<std::string>(),
               torch["cuda_build"].get<bool>() ? "yes" : "no");
    fmt::print("context device: {}\n", context.device());
    fmt::print("devices:\n");
    for (const auto& device : out.result["devices"]) {
        if (device.contains("model"))
            fmt::print("  {}  {} (compute {}, {:.1f} GiB)\n", device["name"].get<std::string>(),
                       device["model"].get<std::string>(),
                       device["compute_capability"].get<std::string>(),
                       device["memory_bytes"].get<double>() / (1 << 30));
        else
            fmt::print("  {}  {} thread(s)\n", device["name"].get<std::string>(),
                       device["threads"].get<int>());
    }
}

}  // namespace lk::cli
