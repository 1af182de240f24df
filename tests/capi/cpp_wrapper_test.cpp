// likeness.hpp over the shared library: RAII ownership, exceptions carrying the status, and
// borrowing the caller's memory.
#include <likeness/likeness.hpp>

#include "support/temp_directory.h"

#include <gtest/gtest.h>

#include <atomic>
#include <cstring>
#include <string>
#include <vector>

namespace {

std::vector<uint8_t> stripes(uint32_t w, uint32_t h, uint32_t c) {
    std::vector<uint8_t> pixels(size_t(w) * h * c);
    for (size_t i = 0; i < pixels.size(); ++i) pixels[i] = uint8_t((i / c) % 7 * 30 + i % c);
    return pixels;
}

TEST(CppWrapper, ErrorsCarryStatusNameAndMessage) {
    try {
        likeness::Image::load("/definitely/missing.png");
        FAIL() << "no exception";
    } catch (const likeness::Error& e) {
        EXPECT_EQ(e.status(), LK_ERR_IO);
        EXPECT_STREQ(e.status_name(), "LK_ERR_IO");
        EXPECT_NE(std::string(e.what()).find("/definitely/missing.png"), std::string::npos);
    }
}

TEST(CppWrapper, EncodeDecodeAndConvertKeepOwnership) {
    const std::vector<uint8_t> pixels = stripes(21, 13, 3);
    const lk_image_view borrowed{21, 13, 3, 63, pixels.data()};
    likeness::SaveOptions png;
    png.format = LK_IMAGE_FORMAT_PNG;
    const std::vector<uint8_t> encoded = likeness::encode(borrowed, png);
    likeness::Image decoded = likeness::Image::decode(encoded.data(), encoded.size());
    ASSERT_EQ(decoded.width(), 21u);
    EXPECT_EQ(std::memcmp(decoded.view().data, pixels.data(), pixels.size()), 0);

    likeness::Image moved = std::move(decoded);
    EXPECT_EQ(decoded.get(), nullptr);
    const likeness::Image rgba = likeness::convert(moved, 4);
    EXPECT_EQ(rgba.channels(), 4u);
    const likeness::Image resized = likeness::resize(rgba, 7, 5, LK_RESIZE_BOX, false);
    EXPECT_EQ(resized.width(), 7u);
    EXPECT_EQ(resized.height(), 5u);

    lk_image* raw = likeness::Image::copy_of(borrowed).release();
    const likeness::Image adopted = likeness::Image::adopt(raw);
    EXPECT_EQ(adopted.get(), raw);
}

TEST(CppWrapper, MetricsNeedAResultStructSizeAndNameMissingFiles) {
    const likeness::Context context;
    lk_metrics_result result{};  // struct_size 0: the library cannot tell how much to write
    EXPECT_EQ(lk_metrics_evaluate_gan(context.get(), "m", "d", "i", nullptr, &result),
              LK_ERR_INVALID_ARGUMENT);
    EXPECT_NE(std::string(lk_last_error()).find("sizeof(lk_metrics_result)"), std::string::npos);
    try {
        likeness::evaluate_gan(context, "/no/such/model.safetensors", "fashion-mnist",
                               "/no/such/inception.pt");
        ADD_FAILURE() << "a missing model must throw";
    } catch (const likeness::Error& e) {
        EXPECT_EQ(e.status(), LK_ERR_IO);
        EXPECT_NE(std::string(e.what()).find("/no/such/model.safetensors"), std::string::npos);
    }
}

TEST(CppWrapper, EncodeWithoutAFormatIsRefused) {
    const std::vector<uint8_t> pixels = stripes(4, 4, 1);
    try {
        likeness::encode(lk_image_view{4, 4, 1, 4, pixels.data()}, {});
        FAIL() << "no exception";
    } catch (const likeness::Error& e) {
        EXPECT_EQ(e.status(), LK_ERR_INVALID_ARGUMENT);
    }
}

TEST(CppWrapper, SaveWritesTheFileAtomically) {
    const lk::test::TempDirectory dir;
    const std::string path = dir.file("wrapper_save.jpg");
    const std::vector<uint8_t> pixels = stripes(16, 16, 3);
    likeness::SaveOptions options;
    options.jpeg_quality = 70;
    likeness::save(lk_image_view{16, 16, 3, 48, pixels.data()}, path, options);
    EXPECT_EQ(likeness::Image::load(path).width(), 16u);
    EXPECT_EQ(dir.entries(), std::vector<std::string>{"wrapper_save.jpg"});
}

// The provenance strings live in SaveOptions while the C struct points at them; the report's
// strings are copied out before the C report is freed.
TEST(CppWrapper, ProvenanceTravelsThroughEncodeAndBackThroughInspect) {
    std::vector<uint8_t> pixels(size_t(200) * 200 * 3);
    for (size_t i = 0; i < pixels.size(); ++i) pixels[i] = uint8_t(60 + (i * 7919 % 97) + i / 1200 % 40);
    const lk_image_view view{200, 200, 3, 600, pixels.data()};
    likeness::SaveOptions options;
    options.format = LK_IMAGE_FORMAT_JPEG;
    options.provenance.emplace();
    options.provenance->model_name = std::string("model-") + "name";
    options.provenance->seed = 9;
    options.provenance->payload = 0x1234;
    const std::vector<uint8_t> bytes = likeness::encode(view, options);
    const likeness::ProvenanceReport report = likeness::inspect(bytes.data(), bytes.size());
    EXPECT_EQ(report.source_type, LK_SOURCE_TRAINED_ALGORITHMIC);
    EXPECT_EQ(report.model_name, "model-name");
    EXPECT_EQ(report.seed, std::optional<uint64_t>(9));
    EXPECT_EQ(report.stated_payload, std::optional<uint32_t>(0x1234));
    EXPECT_TRUE(report.watermark.found);
    EXPECT_EQ(report.watermark.payload, 0x1234u);
    EXPECT_EQ(report.width, 200u);
}

TEST(CppWrapper, ContextLogsThroughItsCallbackAndDescribes) {
    std::atomic<int> messages{0};
    likeness::Context::Options options;
    options.log_level = LK_LOG_DEBUG;
    options.log_user = &messages;
    options.log_callback = [](lk_log_level, const char*, void* user) {
        ++*static_cast<std::atomic<int>*>(user);
    };
    likeness::Context context(options);
    EXPECT_GT(messages.load(), 0);  // creation logs its device at debug level
    EXPECT_EQ(context.device(), "cpu");
    EXPECT_NE(context.describe().find("\"torch\""), std::string::npos);
    likeness::check_abi();
}

}  // namespace
