#include "data/image_folder.h"

#include "core/error.h"
#include "io/image_file.h"

#include <ATen/ops/empty.h>

#include <algorithm>
#include <cctype>
#include <cstdio>
#include <cstring>
#include <filesystem>

namespace lk::data {
namespace {

namespace fs = std::filesystem;

bool is_image_name(const fs::path& path) {
    std::string extension = path.extension().string();
    std::transform(extension.begin(), extension.end(), extension.begin(),
                   [](unsigned char c) { return char(std::tolower(c)); });
    for (const char* known : {".png", ".jpg", ".jpeg", ".bmp", ".tga"})
        if (extension == known) return true;
    return false;
}

std::vector<std::string> image_paths(const std::string& folder) {
    std::error_code error;
    if (!fs::is_directory(folder, error))
        fail(LK_ERR_INVALID_ARGUMENT, "'{}' is not a folder; expected a folder of images (or "
             "\"fashion-mnist\", or an idx images file)", printable(folder));
    std::vector<std::string> paths;
    fs::recursive_directory_iterator it(folder, fs::directory_options::skip_permission_denied,
                                        error);
    for (; !error && it != fs::recursive_directory_iterator(); it.increment(error)) {
        // An entry that cannot be examined (a dangling link) is no image, not a failed listing.
        std::error_code entry_error;
        if (it->is_regular_file(entry_error) && is_image_name(it->path()))
            paths.push_back(it->path().string());
    }
    if (error)
        fail(LK_ERR_IO, "cannot list the folder '{}': {}", printable(folder), error.message());
    std::sort(paths.begin(), paths.end());
    return paths;
}

void warn(const Context* context, const std::string& message) {
    if (context)
        context->log(LK_LOG_WARN, message);
    else
        std::fprintf(stderr, "likeness [warn]: %s\n", message.c_str());
}

// Colour or grey, without alpha: the channel count a training image keeps.
uint32_t without_alpha(uint32_t channels) { return channels >= 3 ? 3 : 1; }

}  // namespace

Image crop_and_resize(const lk_image_view& view, uint32_t resolution) {
    const uint32_t side = std::min(view.width, view.height);
    lk_image_view square = view;
    square.width = square.height = side;
    square.data = view.data + size_t((view.height - side) / 2) * view.stride +
                  size_t((view.width - side) / 2) * view.channels;
    if (side == resolution) return Image(square);
    lk_resize_params params{sizeof(lk_resize_params), LK_RESIZE_DEFAULT, 1};
    return resize(square, resolution, resolution, params);
}

at::Tensor empty_batch(int64_t count, uint32_t resolution, uint32_t channels) {
    try {
        return at::empty({count, resolution, resolution, channels}, at::kByte);
    } catch (const c10::Error&) {
        fail(LK_ERR_OUT_OF_MEMORY, "cannot allocate {} images of {}x{}x{} ({} bytes)", count,
             resolution, resolution, channels,
             uint64_t(count) * resolution * resolution * channels);
    }
}

at::Tensor images_to_batch(const std::vector<Image>& images) {
    const Image& first = images.front();
    at::Tensor batch = empty_batch(int64_t(images.size()), first.width(), first.channels());
    const size_t bytes = size_t(first.width()) * first.height() * first.channels();
    uint8_t* out = batch.data_ptr<uint8_t>();
    for (const Image& image : images) {
        std::memcpy(out, image.data(), bytes);
        out += bytes;
    }
    return batch.permute({0, 3, 1, 2}).contiguous();
}

at::Tensor load_image_folder(const std::string& folder, uint32_t resolution, uint32_t channels,
                             const Context* context) {
    if (channels != 0 && channels != 1 && channels != 3)
        fail(LK_ERR_INVALID_ARGUMENT, "channels {} is not supported; expected 1 (grey), 3 (RGB) "
             "or 0 (the images' own)", channels);
    const std::vector<std::string> paths = image_paths(folder);
    std::vector<Image> images;
    bool all_grey = true;
    for (const std::string& path : paths) {
        try {
            Image square = crop_and_resize(io::load_image(path, 0).view(), resolution);
            if (square.channels() != without_alpha(square.channels()))
                square = convert_channels(square.view(), without_alpha(square.channels()));
            all_grey = all_grey && square.channels() == 1;
            images.push_back(std::move(square));
        } catch (const Error& e) {
            if (e.status() == LK_ERR_OUT_OF_MEMORY || e.status() == LK_ERR_CANCELLED) throw;
            warn(context, fmt::format("skipping '{}': {}", printable(path), e.what()));
        }
    }
    if (images.empty())
        fail(LK_ERR_INVALID_ARGUMENT, "the folder '{}' holds no readable image ({} file(s) named "
             ".png, .jpg, .jpeg, .bmp or .tga); expected at least one", printable(folder),
             paths.size());
    const uint32_t target = channels ? channels : (all_grey ? 1 : 3);
    for (Image& image : images)
        if (image.channels() != target) image = convert_channels(image.view(), target);
    return images_to_batch(images);
}

}  // namespace lk::data
