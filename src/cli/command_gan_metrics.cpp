#include "commands.h"

#include <likeness/likeness.hpp>

#include <fmt/format.h>

#include <cmath>

namespace lk::cli {

namespace {

// "fid", "kid" or "fid,kid" (any order) into the params' switches.
void parse_metrics(const std::string& list, lk_metrics_params& params) {
    params.fid = params.kid = 0;
    size_t begin = 0;
    while (begin <= list.size()) {
        const size_t end = std::min(list.find(',', begin), list.size());
        const std::string name = list.substr(begin, end - begin);
        if (name == "fid")
            params.fid = 1;
        else if (name == "kid")
            params.kid = 1;
        else
            throw UsageError(fmt::format("--metrics names '{}'; expected fid, kid or fid,kid", name));
        begin = end + 1;
    }
}

std::string required(Arguments& args, const std::string& name) {
    std::optional<std::string> value = args.take_option(name);
    if (!value) throw UsageError(name + " is required");
    return *value;
}

}  // namespace

void run_gan_metrics(Arguments& args, Output& out) {
    const std::string model = required(args, "--model");
    const std::string data = required(args, "--data");
    const std::string inception = required(args, "--inception");
    lk_metrics_params params = likeness::metrics_params();
    if (auto num = args.take_integer("--num", 2, 1 << 24)) params.num_generated = uint32_t(*num);
    if (auto batch = args.take_integer("--batch", 1, 4096)) params.batch_size = uint32_t(*batch);
    if (auto metrics = args.take_option("--metrics")) parse_metrics(*metrics, params);
    likeness::Context::Options options;
    if (auto device = args.take_option("--device")) options.device = *device;
    args.positionals(0);

    const likeness::Context context(options);
    const lk_metrics_result result =
        likeness::evaluate_gan(context, model, data, inception, params);
    out.result = {{"model", model},
                  {"data", data},
                  {"num_real", result.num_real},
                  {"num_generated", result.num_generated}};
    if (params.fid) out.result["fid"] = result.fid;
    if (params.kid) out.result["kid"] = result.kid;
    if (out.json) return;
    if (params.fid) fmt::print("FID {:.4f}\n", result.fid);
    if (params.kid) fmt::print("KID {:.6f}\n", result.kid);
    fmt::print("{} generated vs {} real images\n", result.num_generated, result.num_real);
}

}  // namespace lk::cli
