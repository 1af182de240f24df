#include "commands.h"

#include <likeness/likeness.hpp>

#include <fmt/format.h>

#include <sys/stat.h>

namespace lk::cli {

namespace {

nlohmann::json describe(const std::string& path, const lk_image_view& view) {
    return {{"path", path},
            {"width", view.width},
            {"height", view.height},
            {"channels", view.channels}};
}

}  // namespace

void run_image_convert(Arguments& args, Output& out) {
    const std::optional<std::string> size = args.take_option("--resize");
    const std::optional<long> quality = args.take_integer("--quality", 1, 100);
    const std::optional<long> channels = args.take_integer("--channels", 1, 4);
    const std::vector<std::string> paths = args.positionals(2);
    const std::pair<uint32_t, uint32_t> target = size ? parse_size(*size, "--resize")
                                                      : std::pair<uint32_t, uint32_t>{0, 0};

    likeness::Image image = likeness::Image::load(paths[0]);
    out.result["input"] = describe(paths[0], image.view());
    if (channels) image = likeness::convert(image, uint32_t(*channels));
    if (size) image = likeness::resize(image, target.first, target.second);

    likeness::SaveOptions save;
    if (quality) save.jpeg_quality = int(*quality);
    likeness::save(image, paths[1], save);

    struct stat st {};
    out.result["output"] = describe(paths[1], image.view());
    out.result["output"]["bytes"] = ::stat(paths[1].c_str(), &st) == 0 ? st.st_size : 0;
    if (!out.json)
        fmt::print("{} ({}x{}, {} ch) -> {} ({}x{}, {} ch, {} bytes)\n", paths[0],
                   out.result["input"]["width"].get<int>(), out.result["input"]["height"].get<int>(),
                   out.result["input"]["channels"].get<int>(), paths[1], image.width(),
                   image.height(), image.channels(), out.result["output"]["bytes"].get<long>());
}

}  // namespace lk::cli
