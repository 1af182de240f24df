#include "data/image_folder.h"

#include "io/image_file.h"
#include "support/error_of.h"
#include "support/images.h"
#include "support/temp_directory.h"

#include <gtest/gtest.h>

#include <filesystem>

namespace lk::data {
namespace {

using test::constant;
using test::error_of;

void save(const Image& image, const std::string& path) {
    std::filesystem::create_directories(std::filesystem::path(path).parent_path());
    io::save_image(image.view(), path, LK_IMAGE_FORMAT_AUTO, 90);
}

lk_context_params quiet_params(std::vector<std::string>* warnings) {
    lk_context_params params{};
    params.struct_size = sizeof params;
    params.device = "cpu";
    params.log_level = LK_LOG_WARN;
    params.log_user = warnings;
    params.log_callback = [](lk_log_level, const char* message, void* user) {
        static_cast<std::vector<std::string>*>(user)->push_back(message);
    };
    return params;
}

TEST(ImageFolder, ReadsNestedImagesInSortedPathOrderAndSkipsOtherFiles) {
    const test::TempDirectory folder;
    save(constant(4, 4, 1, 30), folder.file("b.png"));
    save(constant(4, 4, 1, 10), folder.file("a/z.png"));
    save(constant(4, 4, 1, 20), folder.file("a/y/x.PNG"));
    test::write_bytes(folder.file("notes.txt"), "not an image");
    std::filesystem::create_symlink(folder.file("gone.png"), folder.file("dangling.png"));
    const at::Tensor images = load_image_folder(folder.path(), 4, 0);
    ASSERT_EQ(images.sizes(), (at::IntArrayRef{3, 1, 4, 4}));
    EXPECT_TRUE(images.is_contiguous());
    // a/y/x.PNG < a/z.png < b.png
    EXPECT_EQ(images[0].min().item<int>(), 20);
    EXPECT_EQ(images[1].max().item<int>(), 10);
    EXPECT_EQ(images[2].min().item<int>(), 30);
}

TEST(ImageFolder, CropsTheCentredSquare) {
    const test::TempDirectory folder;
    // 12x4: black, white, black thirds; the centred 4x4 square is the white third.
    Image wide = constant(12, 4, 3, 0);
    for (uint32_t y = 0; y < 4; ++y)
        for (uint32_t x = 4; x < 8; ++x)
            for (uint32_t c = 0; c < 3; ++c) wide.data()[(y * 12 + x) * 3 + c] = 255;
    save(wide, folder.file("wide.png"));
    // 4x12 tall: the same, turned.
    Image tall = constant(4, 12, 3, 0);
    std::fill(tall.data() + 4 * 4 * 3, tall.data() + 8 * 4 * 3, 255);
    save(tall, folder.file("tall.png"));
    const at::Tensor images = load_image_folder(folder.path(), 4, 0);
    ASSERT_EQ(images.sizes(), (at::IntArrayRef{2, 3, 4, 4}));
    EXPECT_EQ(images.min().item<int>(), 255);
}

TEST(ImageFolder, ResizesToTheResolution) {
    const test::TempDirectory folder;
    save(constant(40, 30, 3, 77), folder.file("big.png"));
    const at::Tensor images = load_image_folder(folder.path(), 8, 0);
    ASSERT_EQ(images.sizes(), (at::IntArrayRef{1, 3, 8, 8}));
    EXPECT_EQ(images.min().item<int>(), 77);
    EXPECT_EQ(images.max().item<int>(), 77);
}

TEST(ImageFolder, ChannelsFollowTheImagesOrTheRequest) {
    const test::TempDirectory folder;
    save(constant(4, 4, 1, 50), folder.file("grey.png"));
    EXPECT_EQ(load_image_folder(folder.path(), 4, 0).size(1), 1);
    const at::Tensor repeated = load_image_folder(folder.path(), 4, 3);
    EXPECT_EQ(repeated.size(1), 3);
    EXPECT_EQ(repeated.min().item<int>(), 50);
    // Any colour image makes the folder colour; alpha is dropped.
    Image red = constant(4, 4, 4, 255);
    for (size_t i = 0; i < 16; ++i) red.data()[i * 4 + 1] = red.data()[i * 4 + 2] = 0;
    save(red, folder.file("red.png"));
    const at::Tensor colour = load_image_folder(folder.path(), 4, 0);
    ASSERT_EQ(colour.sizes(), (at::IntArrayRef{2, 3, 4, 4}));
    EXPECT_EQ(colour[1][0].min().item<int>(), 255);
    EXPECT_EQ(colour[1][1].max().item<int>(), 0);
    EXPECT_EQ(colour[0][2].min().item<int>(), 50);
    // Red as grey is its Rec. 709 luma, 0.2126 * 255.
    const at::Tensor grey = load_image_folder(folder.path(), 4, 1);
    EXPECT_EQ(grey[1].max().item<int>(), 54);
}

TEST(ImageFolder, SkipsUnreadableFilesWithAWarning) {
    const test::TempDirectory folder;
    save(constant(4, 4, 1, 10), folder.file("good.png"));
    test::write_bytes(folder.file("broken.jpg"), "not a JPEG at all");
    std::vector<std::string> warnings;
    const Context context(quiet_params(&warnings));
    EXPECT_EQ(load_image_folder(folder.path(), 4, 0, &context).size(0), 1);
    ASSERT_EQ(warnings.size(), 1u);
    EXPECT_NE(warnings[0].find("broken.jpg"), std::string::npos) << warnings[0];
}

TEST(ImageFolder, AFolderWithoutReadableImagesIsAnErrorNamingIt) {
    const test::TempDirectory folder;
    test::write_bytes(folder.file("broken.png"), "not a PNG");
    std::vector<std::string> warnings;
    const Context context(quiet_params(&warnings));
    const std::string message = error_of(LK_ERR_INVALID_ARGUMENT, [&] {
        load_image_folder(folder.path(), 4, 0, &context);
    });
    EXPECT_NE(message.find(folder.path()), std::string::npos) << message;
    EXPECT_NE(message.find("no readable image"), std::string::npos) << message;
    EXPECT_NE(error_of(LK_ERR_INVALID_ARGUMENT, [&] {
                  load_image_folder(folder.file("broken.png"), 4, 0);
              }).find("is not a folder"),
              std::string::npos);
    EXPECT_NE(error_of(LK_ERR_INVALID_ARGUMENT, [&] {
                  load_image_folder(folder.path(), 4, 2);
              }).find("channels 2"),
              std::string::npos);
}

}  // namespace
}  // namespace lk::data
