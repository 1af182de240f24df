#include "capi/generated.h"

#include "io/sha256.h"
#include "provenance/watermark.h"

#include <filesystem>

namespace lk::capi {

void ModelIdentity::identify() {
    if (!hash_.empty()) return;
    namespace fs = std::filesystem;
    const bool folder = fs::is_directory(path_);
    hash_ = "sha256:" + (folder ? io::sha256_of_folder(path_) : io::sha256_of_file(path_));
    // Absolute and normal, so that "sd15/" and "." name their folders rather than "".
    fs::path path = fs::absolute(path_).lexically_normal();
    if (path.filename().empty()) path = path.parent_path();
    name_ = folder ? path.filename().string() : path.stem().string();
}

uint32_t ModelIdentity::payload() {
    identify();
    return uint32_t(std::stoul(hash_.substr(7, 8), nullptr, 16));
}

void ModelIdentity::describe(lk_provenance& out) {
    lk_provenance_init(&out);
    out.payload = payload();
    out.model_name = name_.c_str();
    out.model_hash = hash_.c_str();
}

std::vector<Image> generated_images(const at::Tensor& pixels, ModelIdentity* marked_by) {
    std::vector<Image> images;
    for (int64_t i = 0; i < pixels.size(0); ++i) {
        const at::Tensor one = pixels[i].contiguous();
        const auto height = uint32_t(one.size(0)), width = uint32_t(one.size(1)),
                   channels = uint32_t(one.size(2));
        const lk_image_view view{width, height, channels, size_t(width) * channels,
                                 one.data_ptr<uint8_t>()};
        const bool fits = width >= provenance::kWatermarkMinSide &&
                          height >= provenance::kWatermarkMinSide;
        if (marked_by && fits)
            images.push_back(provenance::embed_watermark(view, marked_by->payload(),
                                                         LK_WATERMARK_DEFAULT_KEY).image);
        else
            images.emplace_back(view);
    }
    return images;
}

}  // namespace lk::capi
