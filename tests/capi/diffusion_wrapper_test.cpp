// likeness::Diffusion over the shared library, on the tiny pipelines diffusers makes: its
// defaults are the C ones, results and failures come back as values and exceptions, and the
// C struct_size contract holds for requests from older callers.
#include <likeness/likeness.hpp>

#include <gtest/gtest.h>

#include <cstddef>
#include <cstring>
#include <filesystem>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

namespace {

std::string pipeline(const std::string& name) {
    return std::string(LIKENESS_TINY_PIPELINES) + "/" + name;
}

bool same_pixels(const likeness::Image& a, const likeness::Image& b) {
    const lk_image_view va = a.view(), vb = b.view();
    return va.width == vb.width && va.height == vb.height && va.channels == vb.channels &&
           std::memcmp(va.data, vb.data, size_t(va.height) * va.stride) == 0;
}

class DiffusionWrapper : public testing::Test {
protected:
    void SetUp() override {
        if (!std::filesystem::exists(pipeline("txt2img/model_index.json")))
            GTEST_SKIP() << "no tiny pipelines in " << LIKENESS_TINY_PIPELINES
                         << " (made by diffusion.make_tiny_pipelines, which needs diffusers)";
        model_.emplace(likeness::Diffusion::load(context_, pipeline("txt2img")));
    }

    // A fast request: two steps.
    static likeness::Diffusion::Request quick(uint64_t seed) {
        likeness::Diffusion::Request request;
        request.prompt = "a smiling face";
        request.steps = 2;
        request.seed = seed;
        return request;
    }

    likeness::Context context_;
    std::optional<likeness::Diffusion> model_;
};

TEST(DiffusionRequest, DefaultsAreTheCApisDefaults) {
    lk_diffusion_request c;
    lk_diffusion_request_init(&c);
    const likeness::Diffusion::Request cpp;
    EXPECT_EQ(cpp.width, c.width);
    EXPECT_EQ(cpp.height, c.height);
    EXPECT_EQ(cpp.steps, c.steps);
    EXPECT_EQ(cpp.guidance, c.guidance);
    EXPECT_EQ(cpp.sampler, c.sampler);
    EXPECT_EQ(cpp.karras, c.karras != 0);
    EXPECT_EQ(cpp.eta, c.eta);
    EXPECT_EQ(cpp.seed, c.seed);
    EXPECT_EQ(cpp.batch, c.batch);
    EXPECT_EQ(cpp.clip_skip, c.clip_skip);
    EXPECT_EQ(cpp.strength, c.strength);
    EXPECT_EQ(cpp.watermark, c.watermark != 0);
    lk_diffusion_load_params load;
    lk_diffusion_load_params_init(&load);
    EXPECT_EQ(likeness::Diffusion::Options{}.dtype, load.dtype);
    EXPECT_EQ(load.tokenizer_dir, nullptr);
}

TEST(DiffusionSamplers, NamesReadBackAndUnknownOnesThrow) {
    EXPECT_EQ(likeness::Diffusion::sampler_name(LK_DIFFUSION_SAMPLER_EULER_ANCESTRAL),
              "euler_ancestral");
    EXPECT_EQ(likeness::Diffusion::sampler_named("lcm"), LK_DIFFUSION_SAMPLER_LCM);
    EXPECT_THROW(likeness::Diffusion::sampler_named("Euler a"), likeness::Error);
    EXPECT_THROW(likeness::Diffusion::sampler_name(lk_diffusion_sampler(40)), likeness::Error);
}

TEST_F(DiffusionWrapper, InfoAndImagesHaveTheModelsSize) {
    EXPECT_EQ(model_->info().width, 64u);
    EXPECT_EQ(model_->info().in_channels, 4u);
    likeness::Diffusion::Request request = quick(3);
    request.batch = 2;
    const std::vector<likeness::Image> images = model_->generate(request);
    ASSERT_EQ(images.size(), 2u);
    EXPECT_EQ(images[1].width(), 64u);
    EXPECT_EQ(images[1].height(), 64u);
    EXPECT_EQ(images[1].channels(), 3u);
}

TEST_F(DiffusionWrapper, EverySamplerRunsItsOwnWayAndTheSeedDecides) {
    std::vector<likeness::Image> firsts;
    for (int i = 0; i <= LK_DIFFUSION_SAMPLER_LCM; ++i) {
        likeness::Diffusion::Request request = quick(11);
        request.steps = 3;
        request.sampler = lk_diffusion_sampler(i);
        firsts.push_back(std::move(model_->generate(request)[0]));
        EXPECT_TRUE(same_pixels(firsts.back(), model_->generate(request)[0])) << i;
        request.seed = 12;
        EXPECT_FALSE(same_pixels(firsts.back(), model_->generate(request)[0])) << i;
        for (int j = 0; j < i; ++j)
            EXPECT_FALSE(same_pixels(firsts[size_t(j)], firsts.back()))
                << "samplers " << j << " and " << i << " made the same image";
    }
}

TEST_F(DiffusionWrapper, ProgressCanCancelAndItsExceptionsReachTheCaller) {
    likeness::Diffusion::Request request = quick(1);
    request.steps = 3;
    std::vector<uint64_t> done;
    request.progress = [&](const lk_progress& p) {
        done.push_back(p.done);
        EXPECT_EQ(p.total, 3u);
        EXPECT_STREQ(p.stage, "denoise");
        return p.done < 2;
    };
    try {
        model_->generate(request);
        FAIL() << "no exception";
    } catch (const likeness::Error& e) {
        EXPECT_EQ(e.status(), LK_ERR_CANCELLED);
    }
    EXPECT_EQ(done, (std::vector<uint64_t>{1, 2}));
    request.progress = [](const lk_progress&) -> bool { throw std::out_of_range("from callback"); };
    EXPECT_THROW(model_->generate(request), std::out_of_range);
}

TEST_F(DiffusionWrapper, ImageToImageBorrowsTheCallersPixelsAndTakesTheirSize) {
    std::vector<uint8_t> gray(96 * 32);
    for (size_t i = 0; i < gray.size(); ++i) gray[i] = uint8_t(i % 96 * 2);
    likeness::Diffusion::Request request = quick(5);
    request.init_image = lk_image_view{96, 32, 1, 96, gray.data()};
    request.steps = 4;
    request.strength = 0.5;
    const likeness::Image image = std::move(model_->generate(request)[0]);
    EXPECT_EQ(image.width(), 96u);
    EXPECT_EQ(image.height(), 32u);
    request.strength = 0.75;
    EXPECT_FALSE(same_pixels(image, model_->generate(request)[0]))
        << "strength decides how many of the steps run (here 2, then 3)";
}

TEST_F(DiffusionWrapper, BadRequestsThrowNamingTheField) {
    likeness::Diffusion::Request request = quick(1);
    request.width = 65;
    try {
        model_->generate(request);
        FAIL() << "no exception";
    } catch (const likeness::Error& e) {
        EXPECT_EQ(e.status(), LK_ERR_INVALID_ARGUMENT);
        EXPECT_NE(std::string(e.what()).find("width"), std::string::npos) << e.what();
    }
}

TEST_F(DiffusionWrapper, ARequestFromAnOlderCallerGetsDefaultsBeyondItsStructSize) {
    lk_diffusion_request full;
    lk_diffusion_request_init(&full);
    full.prompt = "a face";
    full.steps = 2;
    full.seed = 9;
    // An older caller's struct ended before `batch`: what lies beyond must not be read.
    lk_diffusion_request old = full;
    old.struct_size = offsetof(lk_diffusion_request, batch);
    old.batch = 0;
    old.clip_skip = 0;
    old.strength = -5;
    old.watermark = 77;
    lk_image* from_full = nullptr;
    lk_image* from_old = nullptr;
    ASSERT_EQ(lk_diffusion_generate(model_->get(), &full, &from_full, 1), LK_OK) << lk_last_error();
    ASSERT_EQ(lk_diffusion_generate(model_->get(), &old, &from_old, 1), LK_OK) << lk_last_error();
    EXPECT_TRUE(same_pixels(likeness::Image::adopt(from_full), likeness::Image::adopt(from_old)));
}

TEST_F(DiffusionWrapper, ProvenanceNamesTheModelFolder) {
    const likeness::Provenance provenance = model_->provenance();
    EXPECT_EQ(provenance.model_name, "txt2img");
    EXPECT_EQ(provenance.model_hash.rfind("sha256:", 0), 0u);
    EXPECT_EQ(provenance.payload, uint32_t(std::stoul(provenance.model_hash.substr(7, 8), nullptr, 16)));
    EXPECT_EQ(likeness::Diffusion::load(context_, pipeline("txt2img/")).provenance().model_hash,
              provenance.model_hash)
        << "a trailing slash names the same folder";
}

TEST_F(DiffusionWrapper, AMissingModelThrowsAnIoError) {
    try {
        likeness::Diffusion::load(context_, pipeline("no_such_model"));
        FAIL() << "no exception";
    } catch (const likeness::Error& e) {
        EXPECT_EQ(e.status(), LK_ERR_IO);
    }
}

}  // namespace
