// `likeness`: the SDK from the shell. Exit codes: 0 success, 1 the operation failed (the
// message names the lk_status), 2 the command line was wrong.
#include "commands.h"

#include <likeness/likeness.hpp>

#include <fmt/format.h>

#include <cstdio>

namespace lk::cli {
namespace {

const std::vector<Command>& commands() {
    static const std::vector<Command> table = {
        {{"info"}, "[--device D] [--json]",
         "version, ABI, libtorch, devices and build options", run_info},
        {{"image", "convert"},
         "IN OUT [--resize WxH] [--channels 1-4] [--quality 1-100] [--json]",
         "decode IN (PNG, JPEG, BMP, TGA), convert, resize, write OUT (.png, .jpg)",
         run_image_convert},
        {{"gan", "info"}, "--model M [--device D] [--json]",
         "what a StyleGAN2 generator file takes and makes", run_gan_info},
        {{"gan", "generate"},
         "--model M --seeds 0-99 --out DIR [--trunc 0.7] [--cutoff K] [--noise const|random|none] "
         "[--class K] [--batch N] [--format png|jpg] [--grid] [--mix SEEDS --crossover K] "
         "[--no-provenance | --record-seed] [--device D] [--json]",
         "one face per seed as DIR/seed0000.png ...; --grid adds DIR/grid.png. Each file says it "
         "is synthetic (XMP metadata, and a watermark where it is at least 192x192)",
         run_gan_generate},
        {{"provenance", "inspect"}, "FILE [--key HEX] [--json]",
         "what a PNG or JPEG says about its origin: IPTC digital source type, software, model, "
         "and whether it carries a watermark (payload, p-value)",
         run_provenance_inspect},
        {{"provenance", "mark"},
         "IN OUT [--payload HEX] [--key HEX] [--model-name NAME] [--composite] [--no-watermark] "
         "[--quality 1-100] [--json]",
         "mark IN as synthetic into OUT: watermark and XMP metadata, keeping IN's own metadata",
         run_provenance_mark},
        {{"gan", "train"},
         "--data FOLDER|fashion-mnist[:train|:test]|IDX --resolution R --out DIR [--kimg K]\n"
         "      [--batch N] [--channels 1|3] [--cond] [--mirror] [--z-dim N] [--w-dim N] [--map N]\n"
         "      [--cbase N] [--cmax N] [--lr X] [--gamma X] [--pl-weight X] [--style-mixing P]\n"
         "      [--ema-kimg K] [--aug ada|fixed|none] [--p P] [--target T] [--tick K] [--snap N]\n"
         "      [--seed S] [--resume STATE] [--device D] [--threads N] [--json]",
         "train a StyleGAN2 generator; snapshots, sample grids and log.jsonl go to DIR",
         run_gan_train},
        {{"gan", "metrics"},
         "--model M --data SOURCE --inception FILE [--num N] [--metrics fid,kid] [--batch B] "
         "[--device D] [--json]",
         "FID/KID of a generator against a folder, idx file or fashion-mnist[:train|:test]",
         run_gan_metrics},
        {{"face", "analyze"},
         "IMG [--annotate OUT.png] [--detector ssd|tiny] [--bfloat16] [--models DIR] [--json]",
         "the faces in a photo: boxes, scores, landmarks, identity descriptors; --annotate draws "
         "them on a copy. Models from --models, $LIKENESS_FACE_MODELS or ./models/face-api",
         run_face_analyze},
        {{"face", "check-selfies"}, "DIR|FILES... [--models DIR] [--json OUT]",
         "judge photos as a set for likeness training: each accepted or rejected with reasons, "
         "then identity, near-duplicates and variety; the summary on stdout, the report to OUT",
         run_face_check_selfies, true},
        {{"face", "filter"}, "IN_DIR --keep OUT_DIR --reject REJECT_DIR [--models DIR] [--json]",
         "copy each image of IN_DIR into OUT_DIR, or into REJECT_DIR with its reasons (printed, "
         "and in REJECT_DIR/reasons.json) when its face looks flawed as a generated one",
         run_face_filter},
        {{"diffusion", "info"}, "--model M [--tokenizer DIR] [--device D] [--json]",
         "what a Stable Diffusion 1.x model (diffusers folder or .safetensors) makes",
         run_diffusion_info},
        {{"diffusion", "generate"},
         "--model M --prompt TEXT --out DIR [--negative-prompt TEXT] [--width W --height H]\n"
         "      [--steps 25] [--sampler dpmpp_2m|euler|euler_ancestral|ddim|ddpm|lcm] [--karras]\n"
         "      [--eta X] [--guidance 7.5] [--seed 0] [--batch N] [--clip-skip K]\n"
         "      [--init IMG [--strength 0.8] [--mask IMG]] [--tokenizer DIR] [--dtype float32|\n"
         "      float16|bfloat16] [--no-provenance | --record-seed --record-prompt] [--device D]\n"
         "      [--json]",
         "Stable Diffusion 1.x text-to-image, or image-to-image from --init, inpainting with "
         "--mask: DIR/SEED.png, one per seed of SEED..SEED+N-1, each saying it is synthetic",
         run_diffusion_generate},
        {{"diffusion", "train"},
         "--out DIR [--tokenizer DIR] [--data fashion-mnist|IDX] [--resolution R] [--steps N]\n"
         "      [--batch N] [--lr X] [--vae-steps N] [--vae-batch N] [--vae-lr X] [--kl-weight X]\n"
         "      [--unet-width N] [--vae-width N] [--text-width N] [--text-layers N] [--v-prediction]\n"
         "      [--weight-decay X] [--warmup N] [--ema-decay X] [--empty-captions P] [--float32]\n"
         "      [--train-text-encoder] [--save-float16] [--log-every N] [--checkpoint-every N] [--seed S] [--resume STATE] [--device D]\n"
         "      [--threads N] [--json]",
         "train a small text-to-image model on class-captioned images (Fashion-MNIST's): the "
         "autoencoder, then the UNet; DIR/model is a diffusers folder",
         run_diffusion_train},
    };
    return table;
}

std::string name_of(const Command& command) {
    return fmt::format("{}", fmt::join(command.words, " "));
}

void print_help(std::FILE* stream) {
    fmt::print(stream, "usage: likeness COMMAND [ARGS] [--json] [--help]\n\ncommands:\n");
    for (const Command& command : commands())
        fmt::print(stream, "  {:<16} {}\n", name_of(command), command.summary);
    fmt::print(stream, "\nexit codes: 0 success, 1 failure, 2 usage error\n");
}

// The command whose words start the command line, longest first.
const Command* find(const std::vector<std::string>& words) {
    const Command* best = nullptr;
    for (const Command& command : commands()) {
        if (command.words.size() > words.size()) continue;
        if (!std::equal(command.words.begin(), command.words.end(), words.begin())) continue;
        if (!best || command.words.size() > best->words.size()) best = &command;
    }
    return best;
}

int run(const std::vector<std::string>& words) {
    if (words.empty()) {
        print_help(stderr);
        return 2;
    }
    if (words[0] == "--help" || words[0] == "-h" || words[0] == "help") {
        print_help(stdout);
        return 0;
    }
    if (words[0] == "--version") {
        fmt::print("likeness {}\n", likeness::version());
        return 0;
    }
    const Command* command = find(words);
    if (!command) {
        fmt::print(stderr, "likeness: unknown command '{}'\n\n", fmt::join(words, " "));
        print_help(stderr);
        return 2;
    }
    Arguments args({words.begin() + long(command->words.size()), words.end()});
    Output out;
    out.json = !command->json_file && args.take_flag("--json");
    const std::string name = name_of(*command);
    try {
        if (args.take_flag("--help")) {
            fmt::print("usage: likeness {} {}\n{}\n", name, command->usage, command->summary);
            return 0;
        }
        command->run(args, out);
    } catch (const UsageError& e) {
        fmt::print(stderr, "likeness {}: {}\nusage: likeness {} {}\n", name, e.what(), name,
                   command->usage);
        return 2;
    } catch (const likeness::Error& e) {
        if (out.json)
            fmt::print("{}\n", nlohmann::json{{"error",
                                               {{"status", e.status_name()},
                                                {"message", e.what()}}}}
                                   .dump(2, ' ', false, nlohmann::json::error_handler_t::replace));
        fmt::print(stderr, "likeness {}: {}: {}\n", name, e.status_name(), e.what());
        return 1;
    }
    if (out.json) fmt::print("{}\n", out.result.dump(2, ' ', false, nlohmann::json::error_handler_t::replace));
    return 0;
}

}  // namespace
}  // namespace lk::cli

int main(int argc, char** argv) {
    try {
        return lk::cli::run({argv + 1, argv + argc});
    } catch (const std::exception& e) {
        std::fprintf(stderr, "likeness: internal error: %s\n", e.what());
        return 1;
    }
}
