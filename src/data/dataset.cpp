#include "data/dataset.h"

#include "core/error.h"
#include "data/idx_file.h"
#include "data/image_folder.h"

#include <ATen/Parallel.h>
#include <ATen/ops/from_blob.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <cstring>
#include <filesystem>

namespace lk::data {
namespace {

namespace fs = std::filesystem;

void check_arguments(int64_t resolution, int64_t channels) {
    if (resolution < 4 || resolution > 4096 || (resolution & (resolution - 1)) != 0)
        fail(LK_ERR_INVALID_ARGUMENT, "resolution {} is not supported; expected a power of two "
             "from 4 to 4096", resolution);
    if (channels != 0 && channels != 1 && channels != 3)
        fail(LK_ERR_INVALID_ARGUMENT, "channels {} is not supported; expected 1 (grey), 3 (RGB) "
             "or 0 (the source's own)", channels);
}

// The labels file beside an images file by the MNIST naming ("t10k-images-idx3-ubyte.gz" ->
// "t10k-labels-idx1-ubyte.gz", compressed or not); empty when there is none.
std::string labels_path_for(const std::string& images_path) {
    const fs::path path(images_path);
    std::string name = path.filename().string();
    const size_t at = name.rfind("images-idx3");
    if (at == std::string::npos) return "";
    name.replace(at, 11, "labels-idx1");
    const bool gzip = name.size() > 3 && name.compare(name.size() - 3, 3, ".gz") == 0;
    const std::string other = gzip ? name.substr(0, name.size() - 3) : name + ".gz";
    for (const std::string& candidate : {name, other}) {
        const fs::path labels = path.parent_path() / candidate;
        std::error_code error;
        if (fs::is_regular_file(labels, error)) return labels.string();
    }
    return "";
}

// An image centred on a black resolution x resolution canvas, its pixels unchanged.
Image pad_centred(const lk_image_view& view, uint32_t resolution) {
    Image canvas(resolution, resolution, view.channels);
    const size_t row = size_t(view.width) * view.channels;
    uint8_t* origin = canvas.data() +
                      (size_t((resolution - view.height) / 2) * resolution +
                       (resolution - view.width) / 2) * view.channels;
    for (uint32_t y = 0; y < view.height; ++y)
        std::memcpy(origin + size_t(y) * resolution * view.channels, view.data + y * view.stride,
                    row);
    return canvas;
}

struct IdxImages {
    at::Tensor images;
    int64_t height = 0, width = 0;
};

IdxImages idx_images(const std::string& path, uint32_t resolution, uint32_t channels) {
    const IdxArray array = read_idx_file(path);
    const auto& shape = array.shape;
    const bool rank_ok = shape.size() == 3 || (shape.size() == 4 && (shape[3] == 1 || shape[3] == 3));
    if (!rank_ok)
        fail(LK_ERR_FORMAT, "'{}' holds an array of shape [{}]; expected images (N, H, W) or "
             "(N, H, W, C) with C 1 or 3", printable(path), fmt::join(shape, ", "));
    const int64_t count = shape[0], height = shape[1], width = shape[2];
    const uint32_t own = shape.size() == 4 ? uint32_t(shape[3]) : 1;
    if (count == 0 || height == 0 || width == 0)
        fail(LK_ERR_FORMAT, "'{}' holds no pixels (shape [{}]); expected at least one image",
             printable(path), fmt::join(shape, ", "));
    check_image_size(uint32_t(std::min<int64_t>(height, UINT32_MAX)),
                     uint32_t(std::min<int64_t>(width, UINT32_MAX)), own);

    const uint32_t target = channels ? channels : own;
    const bool fits = height <= resolution && width <= resolution;
    const size_t image_bytes = size_t(height) * width * own;
    const size_t fitted_bytes = size_t(resolution) * resolution * target;
    at::Tensor batch = empty_batch(count, resolution, target);
    uint8_t* out = batch.data_ptr<uint8_t>();
    // Images are independent, and resampling 60000 of them is seconds of work on one core.
    at::parallel_for(0, count, 64, [&](int64_t begin, int64_t end) {
        for (int64_t i = begin; i < end; ++i) {
            const lk_image_view view{uint32_t(width), uint32_t(height), own, size_t(width) * own,
                                     array.values.data() + size_t(i) * image_bytes};
            Image fitted = fits ? pad_centred(view, resolution) : crop_and_resize(view, resolution);
            if (target != own) fitted = convert_channels(fitted.view(), target);
            std::memcpy(out + size_t(i) * fitted_bytes, fitted.data(), fitted_bytes);
        }
    });
    return {batch.permute({0, 3, 1, 2}).contiguous(), height, width};
}

// Labels for `count` images from an idx labels file: (count) class indices.
at::Tensor idx_labels(const std::string& path, int64_t count) {
    IdxArray array = read_idx_file(path);
    if (array.shape.size() != 1 || array.shape[0] != count)
        fail(LK_ERR_FORMAT, "'{}' holds labels of shape [{}]; expected [{}], one per image",
             printable(path), fmt::join(array.shape, ", "), count);
    return at::from_blob(array.values.data(), {count}, at::kByte).to(at::kLong);
}

Dataset from_idx(const std::string& images_path, const std::string& labels_path,
                 const std::string& name, uint32_t resolution, uint32_t channels) {
    IdxImages loaded = idx_images(images_path, resolution, channels);
    Dataset dataset;
    dataset.images = loaded.images;
    const int64_t count = dataset.images.size(0);
    if (!labels_path.empty()) {
        dataset.labels = idx_labels(labels_path, count);
        dataset.num_classes = dataset.labels.max().item<int64_t>() + 1;
    }
    dataset.description = fmt::format("{}, {} images {}x{} -> {}x{}", name, count, loaded.width,
                                      loaded.height, resolution, resolution);
    return dataset;
}

Dataset fashion_mnist(const std::string& source, uint32_t resolution, uint32_t channels) {
    const std::string split = source == "fashion-mnist" ? "train" : source.substr(14);
    if (split != "train" && split != "test")
        fail(LK_ERR_INVALID_ARGUMENT, "source '{}' names no Fashion-MNIST split; expected "
             "\"fashion-mnist\", \"fashion-mnist:train\" or \"fashion-mnist:test\"",
             printable(source));
    const std::string prefix = std::string(kFashionMnistFolder) + "/" +
                               (split == "train" ? "train" : "t10k");
    const std::string images = prefix + "-images-idx3-ubyte.gz";
    const std::string labels = prefix + "-labels-idx1-ubyte.gz";
    for (const std::string& path : {images, labels}) {
        std::error_code error;
        if (!fs::is_regular_file(path, error))
            fail(LK_ERR_IO, "Fashion-MNIST is not installed: '{}' is missing; install Debian's "
                 "dataset-fashion-mnist package (scripts/setup.sh does)", path);
    }
    return from_idx(images, labels, "Fashion-MNIST " + split, resolution, channels);
}

}  // namespace

Dataset load_dataset(const std::string& source, int64_t resolution, int64_t channels,
                     const Context* context) {
    check_arguments(resolution, channels);
    const auto side = uint32_t(resolution);
    const auto wanted = uint32_t(channels);
    if (source == "fashion-mnist" || source.rfind("fashion-mnist:", 0) == 0)
        return fashion_mnist(source, side, wanted);

    std::error_code error;
    const fs::file_status status = fs::status(source, error);
    if (fs::is_directory(status)) {
        Dataset dataset;
        dataset.images = load_image_folder(source, side, wanted, context);
        dataset.description = fmt::format("'{}', {} images -> {}x{}", printable(source),
                                          dataset.images.size(0), side, side);
        return dataset;
    }
    if (fs::is_regular_file(status))
        return from_idx(source, labels_path_for(source), "'" + printable(source) + "'", side,
                        wanted);
    fail(LK_ERR_IO, "source '{}' does not exist; expected a folder of images, an idx images file "
         "or \"fashion-mnist[:train|:test]\"", printable(source));
}

}  // namespace lk::data
