#include "data/dataset.h"

#include "idx_samples.h"
#include "io/image_file.h"
#include "support/images.h"
#include "support/error_of.h"
#include "support/temp_directory.h"

#include <ATen/TensorIndexing.h>
#include <ATen/ops/full.h>
#include <ATen/ops/bincount.h>
#include <ATen/ops/equal.h>
#include <gtest/gtest.h>

#include <filesystem>

namespace lk::data {
namespace {

using test::error_of;
using test::gzip;
using test::idx_bytes;

// `count` 4x4 images whose pixels are 1 + their index in the set (so no pixel is black).
std::vector<uint8_t> numbered_pixels(uint32_t count) {
    std::vector<uint8_t> values;
    for (uint32_t i = 0; i < count * 16; ++i) values.push_back(uint8_t(1 + i % 250));
    return values;
}

TEST(Dataset, IdxImagesAreCentredOnABlackCanvasWithTheirLabels) {
    const test::TempDirectory folder;
    const std::vector<uint8_t> pixels = numbered_pixels(3);
    test::write_bytes(folder.file("tiny-images-idx3-ubyte"), idx_bytes({3, 4, 4}, pixels));
    test::write_bytes(folder.file("tiny-labels-idx1-ubyte"), idx_bytes({3}, {2, 0, 5}));
    const Dataset data = load_dataset(folder.file("tiny-images-idx3-ubyte"), 8, 0);
    ASSERT_EQ(data.images.sizes(), (at::IntArrayRef{3, 1, 8, 8}));
    EXPECT_EQ(data.images.scalar_type(), at::kByte);
    EXPECT_TRUE(data.images.is_contiguous());
    const at::Tensor original =
        at::from_blob(const_cast<uint8_t*>(pixels.data()), {3, 1, 4, 4}, at::kByte);
    using at::indexing::Slice;
    EXPECT_TRUE(at::equal(data.images.index({Slice(), Slice(), Slice(2, 6), Slice(2, 6)}),
                          original));
    // The border is black: the sum of the whole canvas is the sum of the pasted image.
    EXPECT_EQ(data.images.sum().item<int64_t>(), original.sum().item<int64_t>());
    ASSERT_TRUE(data.labels.defined());
    EXPECT_EQ(data.labels.scalar_type(), at::kLong);
    const int64_t* labels = data.labels.data_ptr<int64_t>();
    EXPECT_EQ(std::vector<int64_t>(labels, labels + data.labels.numel()),
              (std::vector<int64_t>{2, 0, 5}));
    EXPECT_EQ(data.num_classes, 6);
    EXPECT_NE(data.description.find("3 images 4x4 -> 8x8"), std::string::npos) << data.description;
}

TEST(Dataset, GzipIdxFilesFindTheirGzipLabels) {
    const test::TempDirectory folder;
    test::write_bytes(folder.file("a-images-idx3-ubyte.gz"), gzip(idx_bytes({2, 4, 4}, numbered_pixels(2))));
    test::write_bytes(folder.file("a-labels-idx1-ubyte.gz"), gzip(idx_bytes({2}, {1, 1})));
    const Dataset data = load_dataset(folder.file("a-images-idx3-ubyte.gz"), 4, 3);
    ASSERT_EQ(data.images.sizes(), (at::IntArrayRef{2, 3, 4, 4}));
    // Grey repeated into every channel; at the images' own size nothing is resampled.
    EXPECT_TRUE(at::equal(data.images.select(1, 0), data.images.select(1, 2)));
    EXPECT_EQ(data.images[1][1][0][0].item<int>(), 17);
    EXPECT_EQ(data.num_classes, 2);
}

TEST(Dataset, LargerIdxImagesAreResized) {
    const test::TempDirectory folder;
    test::write_bytes(folder.file("big-images-idx3-ubyte"),
                      idx_bytes({1, 16, 16}, std::vector<uint8_t>(256, 90)));
    const Dataset data = load_dataset(folder.file("big-images-idx3-ubyte"), 4, 0);
    ASSERT_EQ(data.images.sizes(), (at::IntArrayRef{1, 1, 4, 4}));
    EXPECT_EQ(data.images.min().item<int>(), 90);
    EXPECT_EQ(data.images.max().item<int>(), 90);
    EXPECT_FALSE(data.labels.defined()) << "no labels file: unlabelled";
    EXPECT_EQ(data.num_classes, 0);
}

TEST(Dataset, LabelsThatDoNotMatchTheImagesAreAFormatError) {
    const test::TempDirectory folder;
    test::write_bytes(folder.file("x-images-idx3-ubyte"), idx_bytes({2, 4, 4}, numbered_pixels(2)));
    test::write_bytes(folder.file("x-labels-idx1-ubyte.gz"), gzip(idx_bytes({3}, {0, 1, 2})));
    const std::string message =
        error_of(LK_ERR_FORMAT, [&] { load_dataset(folder.file("x-images-idx3-ubyte"), 4, 0); });
    EXPECT_NE(message.find("x-labels-idx1-ubyte.gz"), std::string::npos) << message;
    EXPECT_NE(message.find("expected [2]"), std::string::npos) << message;
}

TEST(Dataset, ABatchTooLargeForMemoryIsAnOutOfMemoryErrorNamingItsSize) {
    const test::TempDirectory folder;
    // 2^25 one-pixel images: 32 MiB of values, but 2^49 bytes at 4096x4096.
    const uint32_t count = 1u << 25;
    test::write_bytes(folder.file("dots-images-idx3-ubyte.gz"),
                      gzip(idx_bytes({count, 1, 1}, std::vector<uint8_t>(count, 0))));
    const std::string message = error_of(LK_ERR_OUT_OF_MEMORY, [&] {
        load_dataset(folder.file("dots-images-idx3-ubyte.gz"), 4096, 1);
    });
    EXPECT_NE(message.find("33554432 images of 4096x4096x1"), std::string::npos) << message;
}

TEST(Dataset, IdxArraysThatAreNotImagesAreRefused) {
    const test::TempDirectory folder;
    test::write_bytes(folder.file("flat"), idx_bytes({4, 4}, numbered_pixels(1)));
    const std::string message = error_of(LK_ERR_FORMAT, [&] { load_dataset(folder.file("flat"), 4, 0); });
    EXPECT_NE(message.find("expected images (N, H, W)"), std::string::npos) << message;
}

TEST(Dataset, FolderSourcesAreUnlabelled) {
    const test::TempDirectory folder;
    io::save_image(test::constant(6, 6, 3, 40).view(), folder.file("one.png"),
                   LK_IMAGE_FORMAT_AUTO, 90);
    const Dataset data = load_dataset(folder.path(), 4, 0);
    EXPECT_EQ(data.images.sizes(), (at::IntArrayRef{1, 3, 4, 4}));
    EXPECT_FALSE(data.labels.defined());
    EXPECT_EQ(data.num_classes, 0);
    EXPECT_NE(data.description.find("1 images -> 4x4"), std::string::npos) << data.description;
}

TEST(Dataset, RefusesBadArgumentsSayingWhatIsExpected) {
    for (const int64_t resolution : {0, 2, 24, 8192, -4}) {
        const std::string message =
            error_of(LK_ERR_INVALID_ARGUMENT, [&] { load_dataset("fashion-mnist", resolution, 1); });
        EXPECT_NE(message.find("power of two from 4 to 4096"), std::string::npos) << message;
    }
    EXPECT_NE(error_of(LK_ERR_INVALID_ARGUMENT, [] { load_dataset("fashion-mnist", 32, 4); })
                  .find("channels 4"),
              std::string::npos);
    EXPECT_NE(error_of(LK_ERR_INVALID_ARGUMENT, [] { load_dataset("fashion-mnist:val", 32, 1); })
                  .find("fashion-mnist:test"),
              std::string::npos);
    EXPECT_NE(error_of(LK_ERR_IO, [] { load_dataset("/no/such/source", 32, 1); })
                  .find("/no/such/source"),
              std::string::npos);
}

// The real data set, where Debian's dataset-fashion-mnist package is installed.
TEST(Dataset, LoadsDebiansFashionMnistTestSplit) {
    if (!std::filesystem::exists(std::string(kFashionMnistFolder) + "/t10k-images-idx3-ubyte.gz"))
        GTEST_SKIP() << "Fashion-MNIST is not installed at " << kFashionMnistFolder
                     << " (Debian package dataset-fashion-mnist)";
    const Dataset data = load_dataset("fashion-mnist:test", 32, 0);
    ASSERT_EQ(data.images.sizes(), (at::IntArrayRef{10000, 1, 32, 32}));
    EXPECT_EQ(data.num_classes, 10);
    EXPECT_EQ(data.labels.min().item<int64_t>(), 0);
    EXPECT_EQ(data.labels.max().item<int64_t>(), 9);
    // The test split is balanced: 1000 images of each class.
    EXPECT_TRUE(at::equal(at::bincount(data.labels), at::full({10}, 1000, at::kLong)));
    // Padded 28 -> 32: a 2-pixel black frame around every image, nothing resampled.
    using at::indexing::Slice;
    EXPECT_EQ(data.images.index({Slice(), Slice(), Slice(0, 2)}).max().item<int>(), 0);
    EXPECT_EQ(data.images.index({Slice(), Slice(), Slice(), Slice(30, 32)}).max().item<int>(), 0);
    EXPECT_EQ(data.images.max().item<int>(), 255);
    EXPECT_EQ(data.description, "Fashion-MNIST test, 10000 images 28x28 -> 32x32");
}

}  // namespace
}  // namespace lk::data
