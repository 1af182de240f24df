// `likeness gan info` and `likeness gan generate`: StyleGAN2 generators from the shell, with
// files named as NVIDIA's generate.py names them (seed0042.png), so results compare directly.
#include "commands.h"
#include "files.h"
#include "interrupt.h"
#include "progress_bar.h"

#include <likeness/likeness.hpp>

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <cstring>
#include <optional>
#include <system_error>

namespace lk::cli {
namespace {

// Longest side of the --grid contact sheet: cells shrink so that a thousand seeds still give a
// sheet that image viewers open.
constexpr uint32_t max_grid_side = 8192;
constexpr uint32_t default_batch = 8;

struct Model {
    likeness::Context context;
    likeness::Gan gan;
};

Model load_model(Arguments& args) {
    const std::optional<std::string> path = args.take_option("--model");
    if (!path) throw UsageError("--model is required");
    likeness::Context::Options options;
    if (auto device = args.take_option("--device")) options.device = *device;
    likeness::Context context(options);
    likeness::Gan gan = likeness::Gan::load(context, *path);
    return {std::move(context), std::move(gan)};
}

nlohmann::json describe(const lk_gan_info& info) {
    return {{"z_dim", info.z_dim},   {"c_dim", info.c_dim},           {"w_dim", info.w_dim},
            {"num_ws", info.num_ws}, {"resolution", info.resolution}, {"channels", info.channels}};
}

// The --grid contact sheet, filled cell by cell as images arrive so that only the sheet, not
// every image, stays in memory.
class ContactSheet {
public:
    ContactSheet(size_t count, uint32_t resolution)
        : columns_(uint32_t(std::ceil(std::sqrt(double(count))))),
          rows_(uint32_t((count + columns_ - 1) / columns_)),
          cell_(std::min(resolution, std::max(1u, max_grid_side / std::max(columns_, rows_)))),
          pixels_(size_t(columns_) * cell_ * rows_ * cell_ * 3, 0) {}

    void place(size_t index, const likeness::Image& image) {
        const likeness::Image rgb = likeness::convert(image, 3);
        std::optional<likeness::Image> shrunk;
        if (rgb.width() != cell_) shrunk = likeness::resize(rgb, cell_, cell_);
        const lk_image_view v = (shrunk ? *shrunk : rgb).view();
        const size_t x = index % columns_ * cell_, y = index / columns_ * cell_;
        for (uint32_t row = 0; row < cell_; ++row)
            std::memcpy(&pixels_[((y + row) * columns_ * cell_ + x) * 3], v.data + row * v.stride,
                        size_t(cell_) * 3);
    }

    void save(const std::string& path, const likeness::SaveOptions& options) const {
        const uint32_t width = columns_ * cell_, height = rows_ * cell_;
        likeness::save(lk_image_view{width, height, 3, size_t(width) * 3, pixels_.data()}, path,
                       options);
    }

    nlohmann::json describe() const {
        return {{"columns", columns_}, {"rows", rows_}, {"cell", cell_}};
    }

private:
    uint32_t columns_, rows_, cell_;
    std::vector<uint8_t> pixels_;
};

std::vector<uint32_t> seeds_from(const std::string& text) {
    try {
        return likeness::Gan::parse_seeds(text);
    } catch (const likeness::Error& e) {
        throw UsageError(fmt::format("--seeds: {}", e.what()));
    }
}

}  // namespace

void run_gan_info(Arguments& args, Output& out) {
    const Model model = load_model(args);
    args.positionals(0);
    out.result = describe(model.gan.info());
    if (out.json) return;
    const lk_gan_info& info = model.gan.info();
    fmt::print("{}x{} images with {} channel(s); z {} floats, w {} x {} floats", info.resolution,
               info.resolution, info.channels, info.z_dim, info.num_ws, info.w_dim);
    fmt::print(info.c_dim ? ", conditional on {} classes\n" : ", unconditional\n", info.c_dim);
}

void run_gan_generate(Arguments& args, Output& out) {
    const std::optional<std::string> seeds_text = args.take_option("--seeds");
    const std::optional<std::string> dir = args.take_option("--out");
    const std::optional<double> psi = args.take_number("--trunc", -1, 2);
    const std::optional<long> cutoff = args.take_integer("--cutoff", 0, 1 << 16);
    const std::optional<std::string> noise =
        args.take_choice("--noise", {"const", "random", "none"});
    const std::optional<long> class_index = args.take_integer("--class", 0, 1 << 24);
    const std::optional<long> batch = args.take_integer("--batch", 1, 4096);
    const std::string format = args.take_choice("--format", {"png", "jpg"}).value_or("png");
    const bool grid = args.take_flag("--grid");
    const std::optional<std::string> mix_text = args.take_option("--mix");
    const std::optional<long> crossover = args.take_integer("--crossover", 0, 1 << 16);
    const bool unmarked = args.take_flag("--no-provenance");
    const bool record_seed = args.take_flag("--record-seed");
    if (unmarked && record_seed)
        throw UsageError("--record-seed writes the seed into the provenance that --no-provenance "
                         "leaves out; choose one");
    if (!seeds_text) throw UsageError("--seeds is required (e.g. --seeds 0-99)");
    if (!dir) throw UsageError("--out is required: the folder the images go to");
    if (mix_text.has_value() != crossover.has_value())
        throw UsageError("--mix and --crossover go together: the mix seeds give the layers from "
                         "the crossover on");
    const std::vector<uint32_t> seeds = seeds_from(*seeds_text);
    // One mix seed for every seed, or one per seed.
    std::vector<uint32_t> mix = mix_text ? seeds_from(*mix_text) : std::vector<uint32_t>();
    if (mix.size() == 1) mix.assign(seeds.size(), mix[0]);
    if (!mix.empty() && mix.size() != seeds.size())
        throw UsageError(fmt::format("--mix gives {} seeds for {} seeds; give one, or one per seed",
                                     mix.size(), seeds.size()));
    Model model = load_model(args);
    args.positionals(0);

    likeness::Gan::Options options;
    options.truncation_psi = float(psi.value_or(1));
    options.truncation_cutoff = int(cutoff.value_or(-1));
    options.noise = noise == std::string("random") ? LK_GAN_NOISE_RANDOM
                    : noise == std::string("none") ? LK_GAN_NOISE_NONE
                                                   : LK_GAN_NOISE_CONST;
    options.class_index = int(class_index.value_or(-1));
    options.batch_size = uint32_t(batch.value_or(default_batch));
    options.mix_crossover = int(crossover.value_or(-1));
    out.result["model"] = describe(model.gan.info());
    const nlohmann::json parameters = {
        {"truncation_psi", options.truncation_psi},
        {"truncation_cutoff", cutoff ? nlohmann::json(*cutoff) : nullptr},
        {"noise", noise.value_or("const")},
        {"class", class_index ? nlohmann::json(*class_index) : nullptr},
        {"crossover", crossover ? nlohmann::json(*crossover) : nullptr}};
    make_directory(*dir);
    // Every saved image says it is synthetic unless the caller says otherwise.
    likeness::SaveOptions save;
    if (!unmarked) save.provenance = model.gan.provenance();
    out.result["provenance"] =
        unmarked ? nlohmann::json(nullptr)
                 : nlohmann::json{{"model_hash", save.provenance->model_hash},
                                  {"watermark_payload", fmt::format("{:08x}", save.provenance->payload)},
                                  {"seed_recorded", record_seed}};

    // One batch per call: files appear as they are made, and memory holds one batch only.
    const InterruptScope interrupt_scope(model.context);
    const ProgressBar bar(seeds.size());
    std::optional<ContactSheet> sheet;
    if (grid) sheet.emplace(seeds.size(), model.gan.info().resolution);
    nlohmann::json files = nlohmann::json::array();
    for (size_t first = 0; first < seeds.size(); first += options.batch_size) {
        const size_t last = std::min(seeds.size(), first + options.batch_size);
        const std::vector<uint32_t> chunk(seeds.begin() + long(first), seeds.begin() + long(last));
        if (!mix.empty()) options.mix_seeds.assign(mix.begin() + long(first), mix.begin() + long(last));
        const auto generated = model.gan.generate(chunk, options);
        for (size_t i = 0; i < chunk.size(); ++i) {
            const std::string path = fmt::format("{}/seed{:04d}.{}", *dir, chunk[i], format);
            if (record_seed) save.provenance->seed = chunk[i];
            likeness::save(generated.images[i], path, save);
            if (sheet) sheet->place(first + i, generated.images[i]);
            nlohmann::json file = parameters;
            file["path"] = path;
            file["seed"] = chunk[i];
            if (!mix.empty()) file["mix_seed"] = mix[first + i];
            files.push_back(std::move(file));
        }
        bar.update(first + chunk.size());
    }
    out.result["files"] = files;
    if (sheet) {
        const std::string path = *dir + "/grid.png";
        if (record_seed) save.provenance->seed.reset();
        sheet->save(path, save);
        out.result["grid"] = sheet->describe();
        out.result["grid"]["path"] = path;
    }
    if (!out.json)
        fmt::print("{} image(s) in {}{}\n", files.size(), *dir, sheet ? " and grid.png" : "");
}

}  // namespace lk::cli
