// `likeness diffusion info` and `likeness diffusion generate`: Stable Diffusion 1.x from the
// shell. Each file is named by the seed its image is drawn from (DIR/7.png; a batch from seed 7
// writes 7.png, 8.png, ...), so a file's name is what regenerates it.
#include "commands.h"
#include "files.h"
#include "interrupt.h"
#include "progress_bar.h"

#include <likeness/likeness.hpp>

#include <fmt/format.h>

#include <climits>
#include <optional>

namespace lk::cli {
namespace {

struct Model {
    likeness::Context context;
    likeness::Diffusion diffusion;
};

Model load_model(Arguments& args) {
    const std::optional<std::string> path = args.take_option("--model");
    if (!path) throw UsageError("--model is required: a diffusers folder or a .safetensors file");
    likeness::Context::Options context_options;
    if (auto device = args.take_option("--device")) context_options.device = *device;
    likeness::Diffusion::Options options;
    if (auto tokenizer = args.take_option("--tokenizer")) options.tokenizer_dir = *tokenizer;
    const std::string dtype =
        args.take_choice("--dtype", {"float32", "float16", "bfloat16"}).value_or("float32");
    options.dtype = dtype == "float16"    ? LK_DIFFUSION_FLOAT16
                    : dtype == "bfloat16" ? LK_DIFFUSION_BFLOAT16
                                          : LK_DIFFUSION_FLOAT32;
    likeness::Context context(context_options);
    likeness::Diffusion diffusion = likeness::Diffusion::load(context, *path, options);
    return {std::move(context), std::move(diffusion)};
}

nlohmann::json describe(const lk_diffusion_info& info) {
    return {{"width", info.width},
            {"height", info.height},
            {"in_channels", info.in_channels},
            {"inpainting", info.in_channels == 9},
            {"prediction", info.prediction == LK_DIFFUSION_PREDICT_V ? "v" : "epsilon"}};
}

// --width or --height. No model takes a side that is not a multiple of 8 (its latents' scale),
// a usage error named here; the model's own step (64 for SD 1.x) is the SDK's to check.
uint32_t take_side(Arguments& args, const std::string& name) {
    const std::optional<long> side = args.take_integer(name, 8, LK_DIFFUSION_MAX_SIDE);
    if (side && *side % 8 != 0)
        throw UsageError(fmt::format("{} must be a multiple of 8, not {}", name, *side));
    return uint32_t(side.value_or(0));
}

// The SDK's sampler names, in lk_diffusion_sampler's order.
std::vector<std::string> sampler_names() {
    std::vector<std::string> names;
    for (int i = 0; const char* name = lk_diffusion_sampler_name(lk_diffusion_sampler(i)); ++i)
        names.push_back(name);
    return names;
}

}  // namespace

void run_diffusion_info(Arguments& args, Output& out) {
    const Model model = load_model(args);
    args.positionals(0);
    const lk_diffusion_info& info = model.diffusion.info();
    out.result = describe(info);
    if (out.json) return;
    fmt::print("{}x{} images by default; {}, {}-prediction\n", info.width, info.height,
               info.in_channels == 9 ? "an inpainting model (needs --init and --mask)"
                                     : "text-to-image and image-to-image",
               info.prediction == LK_DIFFUSION_PREDICT_V ? "v" : "epsilon");
}

void run_diffusion_generate(Arguments& args, Output& out) {
    likeness::Diffusion::Request request;
    const std::optional<std::string> prompt = args.take_option("--prompt");
    const std::optional<std::string> dir = args.take_option("--out");
    request.negative_prompt = args.take_option("--negative-prompt").value_or("");
    request.width = take_side(args, "--width");
    request.height = take_side(args, "--height");
    request.steps = uint32_t(args.take_integer("--steps", 1, 1000).value_or(25));
    const std::string sampler = args.take_choice("--sampler", sampler_names()).value_or("dpmpp_2m");
    request.sampler = likeness::Diffusion::sampler_named(sampler);
    request.karras = args.take_flag("--karras");
    request.eta = args.take_number("--eta", 0, 1).value_or(0);
    request.guidance = args.take_number("--guidance", -100, 100).value_or(7.5);
    request.seed = uint64_t(args.take_integer("--seed", 0, LONG_MAX).value_or(0));
    request.batch = uint32_t(args.take_integer("--batch", 1, LK_DIFFUSION_MAX_BATCH).value_or(1));
    request.clip_skip = uint32_t(args.take_integer("--clip-skip", 1, 64).value_or(1));
    const std::optional<std::string> init = args.take_option("--init");
    const std::optional<double> strength = args.take_number("--strength", 0, 1);
    const std::optional<std::string> mask = args.take_option("--mask");
    const bool unmarked = args.take_flag("--no-provenance");
    const bool record_seed = args.take_flag("--record-seed");
    const bool record_prompt = args.take_flag("--record-prompt");
    if (unmarked && (record_seed || record_prompt))
        throw UsageError("--record-seed and --record-prompt write into the provenance that "
                         "--no-provenance leaves out; choose one");
    if (!prompt) throw UsageError("--prompt is required (--prompt \"\" for an unconditional image)");
    if (!dir) throw UsageError("--out is required: the folder the images go to");
    if (strength && !init) throw UsageError("--strength applies to --init, which is missing");
    if (mask && !init) throw UsageError("--mask needs --init: the image whose masked part is "
                                        "repainted");
    request.prompt = *prompt;
    if (strength) request.strength = *strength;
    Model model = load_model(args);
    args.positionals(0);

    // Held until generation ends: the request borrows their pixels.
    std::optional<likeness::Image> init_image, mask_image;
    if (init) request.init_image = init_image.emplace(likeness::Image::load(*init, 3)).view();
    if (mask) request.mask = mask_image.emplace(likeness::Image::load(*mask, 1)).view();

    make_directory(*dir);
    // Every saved image says it is synthetic unless the caller says otherwise; one edited from
    // --init says it is a composite.
    likeness::SaveOptions save;
    if (!unmarked) {
        save.provenance = model.diffusion.provenance();
        if (init) save.provenance->source_type = LK_SOURCE_COMPOSITE_TRAINED;
        if (record_prompt) save.provenance->prompt = request.prompt;
    }
    out.result["model"] = describe(model.diffusion.info());
    out.result["provenance"] =
        unmarked ? nlohmann::json(nullptr)
                 : nlohmann::json{{"model_hash", save.provenance->model_hash},
                                  {"watermark_payload", fmt::format("{:08x}", save.provenance->payload)},
                                  {"seed_recorded", record_seed},
                                  {"prompt_recorded", record_prompt}};

    const InterruptScope interrupt_scope(model.context);
    std::optional<ProgressBar> bar;
    request.progress = [&bar](const lk_progress& p) {
        if (!bar) bar.emplace(size_t(p.total), "steps");
        bar->update(size_t(p.done));
        return true;
    };
    const std::vector<likeness::Image> images = model.diffusion.generate(request);

    nlohmann::json files = nlohmann::json::array();
    for (size_t i = 0; i < images.size(); ++i) {
        const uint64_t seed = request.seed + i;  // the seed image i is drawn from
        const std::string path = fmt::format("{}/{}.png", *dir, seed);
        if (record_seed) save.provenance->seed = seed;
        likeness::save(images[i], path, save);
        files.push_back({{"path", path}, {"seed", seed}, {"width", images[i].width()},
                         {"height", images[i].height()}});
    }
    out.result["parameters"] = {{"prompt", request.prompt},
                                {"negative_prompt", request.negative_prompt},
                                {"steps", request.steps},
                                {"sampler", sampler},
                                {"karras", request.karras},
                                {"eta", request.eta},
                                {"guidance", request.guidance},
                                {"seed", request.seed},
                                {"batch", request.batch},
                                {"clip_skip", request.clip_skip},
                                {"init", init ? nlohmann::json(*init) : nullptr},
                                {"strength", init ? nlohmann::json(request.strength) : nullptr},
                                {"mask", mask ? nlohmann::json(*mask) : nullptr}};
    out.result["files"] = files;
    if (!out.json) fmt::print("{} image(s) in {}\n", files.size(), *dir);
}

}  // namespace lk::cli
