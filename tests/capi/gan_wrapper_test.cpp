// likeness::Gan over the shared library: style mixing, labels, noise, progress and the
// struct_size contract of the generation structs.
#include <likeness/likeness.hpp>

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <stdexcept>
#include <string>
#include <vector>

namespace {

std::string model(const std::string& name) {
    return std::string(LIKENESS_TEST_DATA) + "/gan/" + name + ".safetensors";
}

double max_diff(const std::vector<float>& a, const std::vector<float>& b) {
    EXPECT_EQ(a.size(), b.size());
    double worst = 0;
    for (size_t i = 0; i < std::min(a.size(), b.size()); ++i)
        worst = std::max(worst, std::fabs(double(a[i]) - double(b[i])));
    return worst;
}

class GanWrapper : public testing::Test {
protected:
    likeness::Context context;
    likeness::Gan unconditional = likeness::Gan::load(context, model("tiny_unconditional_32"));
    likeness::Gan conditional = likeness::Gan::load(context, model("tiny_conditional_16"));
    using Output = likeness::Gan::Output;
};

TEST_F(GanWrapper, InfoAndImagesHaveTheModelsShape) {
    const lk_gan_info& info = unconditional.info();
    EXPECT_EQ(info.resolution, 32u);
    EXPECT_EQ(info.num_ws, 8u);
    const auto out = unconditional.generate({3, 4}, {}, Output::Both);
    ASSERT_EQ(out.images.size(), 2u);
    EXPECT_EQ(out.images[1].width(), 32u);
    EXPECT_EQ(out.images[1].channels(), 3u);
    EXPECT_EQ(out.pixels.size(), 2u * 3 * 32 * 32);
}

TEST_F(GanWrapper, StyleMixingTakesCoarseLayersFromTheSeedAndTheRestFromTheMixSeed) {
    const std::vector<uint32_t> seeds{1, 2}, mix{7, 8};
    const auto plain = unconditional.generate(seeds, {}, Output::Pixels).pixels;
    const auto others = unconditional.generate(mix, {}, Output::Pixels).pixels;
    likeness::Gan::Options options;
    options.mix_seeds = mix;
    options.mix_crossover = int(unconditional.info().num_ws);
    EXPECT_EQ(max_diff(unconditional.generate(seeds, options, Output::Pixels).pixels, plain), 0);
    options.mix_crossover = 0;
    EXPECT_EQ(max_diff(unconditional.generate(seeds, options, Output::Pixels).pixels, others), 0);
    options.mix_crossover = 4;
    const auto mixed = unconditional.generate(seeds, options, Output::Pixels).pixels;
    EXPECT_GT(max_diff(mixed, plain), 1e-3);
    EXPECT_GT(max_diff(mixed, others), 1e-3);
    options.mix_seeds = {7};
    EXPECT_THROW(unconditional.generate(seeds, options), likeness::Error);
}

TEST_F(GanWrapper, ClassIndexIsAOneHotLabel) {
    likeness::Gan::Options by_class, by_label;
    by_class.class_index = 2;
    by_label.labels = {0, 0, 1, 0, 0, 0, 1, 0};
    const auto a = conditional.generate({5, 6}, by_class, Output::Pixels).pixels;
    EXPECT_EQ(max_diff(a, conditional.generate({5, 6}, by_label, Output::Pixels).pixels), 0);
    by_class.class_index = 3;
    EXPECT_GT(max_diff(a, conditional.generate({5, 6}, by_class, Output::Pixels).pixels), 1e-3);
}

TEST_F(GanWrapper, LabelsOfTheWrongLengthAreRefusedBeforeTheCall) {
    likeness::Gan::Options options;
    options.labels = {1, 0, 0};
    try {
        conditional.generate({5}, options);
        FAIL() << "no exception";
    } catch (const likeness::Error& e) {
        EXPECT_EQ(e.status(), LK_ERR_INVALID_ARGUMENT);
        EXPECT_NE(std::string(e.what()).find("expected 4"), std::string::npos) << e.what();
    }
    EXPECT_THROW(unconditional.generate({5}, [] {
        likeness::Gan::Options o;
        o.class_index = 0;
        return o;
    }()), likeness::Error);
}

TEST_F(GanWrapper, ConstNoiseRepeatsAndRandomNoiseVaries) {
    likeness::Gan::Options options;
    const auto a = unconditional.generate({9}, options, Output::Pixels).pixels;
    EXPECT_EQ(max_diff(a, unconditional.generate({9}, options, Output::Pixels).pixels), 0);
    options.noise = LK_GAN_NOISE_RANDOM;
    const auto b = unconditional.generate({9}, options, Output::Pixels).pixels;
    EXPECT_GT(max_diff(b, unconditional.generate({9}, options, Output::Pixels).pixels), 1e-4);
}

TEST_F(GanWrapper, ProgressCanCancelAndItsExceptionsReachTheCaller) {
    likeness::Gan::Options options;
    options.batch_size = 1;
    std::vector<uint64_t> done;
    options.progress = [&](const lk_progress& p) {
        done.push_back(p.done);
        EXPECT_EQ(p.total, 3u);
        EXPECT_STREQ(p.stage, "generate");
        return p.done < 2;
    };
    try {
        unconditional.generate({1, 2, 3}, options);
        FAIL() << "no exception";
    } catch (const likeness::Error& e) {
        EXPECT_EQ(e.status(), LK_ERR_CANCELLED);
    }
    EXPECT_EQ(done, (std::vector<uint64_t>{1, 2}));
    options.progress = [](const lk_progress&) -> bool { throw std::out_of_range("from callback"); };
    EXPECT_THROW(unconditional.generate({1, 2}, options), std::out_of_range);
}

TEST_F(GanWrapper, MapThenGenerateWEqualsGenerateZ) {
    std::vector<float> z(2 * 32);
    for (size_t i = 0; i < z.size(); ++i) z[i] = float(std::cos(double(i)));
    likeness::Gan::Options options;
    options.truncation_psi = 0.5f;
    options.truncation_cutoff = 3;
    const std::vector<float> w = unconditional.map(z.data(), 2, options);
    EXPECT_EQ(w.size(), 2u * 8 * 32);
    EXPECT_EQ(max_diff(unconditional.generate_w(w.data(), 2, {}, Output::Pixels).pixels,
                       unconditional.generate_z(z.data(), 2, options, Output::Pixels).pixels),
              0);
}

TEST_F(GanWrapper, ParseSeeds) {
    EXPECT_EQ(likeness::Gan::parse_seeds("3, 7-9"), (std::vector<uint32_t>{3, 7, 8, 9}));
    EXPECT_THROW(likeness::Gan::parse_seeds("x"), likeness::Error);
}

TEST_F(GanWrapper, InfoWritesOnlyWhatTheCallersStructSizeCovers) {
    lk_gan_info old{};
    old.struct_size = offsetof(lk_gan_info, num_ws);
    old.num_ws = 12345;  // beyond struct_size: must stay
    ASSERT_EQ(lk_gan_get_info(unconditional.get(), &old), LK_OK) << lk_last_error();
    EXPECT_EQ(old.struct_size, offsetof(lk_gan_info, num_ws));
    EXPECT_EQ(old.w_dim, 32u);
    EXPECT_EQ(old.num_ws, 12345u);
}

TEST_F(GanWrapper, GenerateParamsFromAnOlderCallerWithoutMixingFieldsWork) {
    lk_gan_generate_params old;
    lk_gan_generate_params_init(&old);
    old.struct_size = offsetof(lk_gan_generate_params, mix_seeds);
    old.mix_crossover = 3;  // beyond struct_size: must be ignored, or the call would fail
    std::vector<float> pixels(3 * 32 * 32);
    const uint32_t seed = 4;
    EXPECT_EQ(lk_gan_generate_seeds(unconditional.get(), &seed, 1, &old, nullptr, pixels.data()),
              LK_OK)
        << lk_last_error();
}

TEST(GanWrapperCuda, GeneratesOnTheGpuWhatTheCpuGenerates) {
    lk_context_params params;
    lk_context_params_init(&params);
    params.device = "cuda";
    lk_context* raw = nullptr;
    if (lk_context_create(&params, &raw) == LK_ERR_UNSUPPORTED)
        GTEST_SKIP() << "no CUDA device: " << lk_last_error();
    lk_context_free(raw);
    likeness::Context::Options options;
    options.device = "cuda";
    const likeness::Context gpu_context(options), cpu_context;
    likeness::Gan gpu = likeness::Gan::load(gpu_context, model("tiny_conditional_16"));
    likeness::Gan cpu = likeness::Gan::load(cpu_context, model("tiny_conditional_16"));
    likeness::Gan::Options o;
    o.class_index = 1;
    o.truncation_psi = 0.7f;
    const std::vector<uint32_t> seeds{0, 1, 2, 3, 4};
    const auto on_gpu = gpu.generate(seeds, o, likeness::Gan::Output::Both);
    const auto on_cpu = cpu.generate(seeds, o, likeness::Gan::Output::Both);
    EXPECT_LT(max_diff(on_gpu.pixels, on_cpu.pixels), 1e-3);
    for (size_t i = 0; i < seeds.size(); ++i) {
        const lk_image_view a = on_gpu.images[i].view(), b = on_cpu.images[i].view();
        for (size_t j = 0; j < size_t(a.width) * a.height * a.channels; ++j)
            ASSERT_LE(std::abs(int(a.data[j]) - int(b.data[j])), 1) << i << " " << j;
    }
}

}  // namespace
