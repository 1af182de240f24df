// The samplers' schedules, their noising for image-to-image, the per-image noise and the
// refusals (their steps are checked against diffusers by check_sampler_parity.py, the noising and
// the noise in whole pipelines by check_pipeline_parity.py).
#include "diffusion/euler_sampler.h"
#include "diffusion/noise.h"
#include "diffusion/sampler.h"
#include "support/error_of.h"

#include <ATen/CPUGeneratorImpl.h>
#include <ATen/TensorOperators.h>
#include <ATen/ops/ones.h>
#include <ATen/ops/randn.h>
#include <ATen/ops/zeros.h>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace lk::diffusion {
namespace {

using ::testing::HasSubstr;

TEST(NoiseSchedule, ScaledLinearDecreasesFromNearOneToSdsFinalAlpha) {
    const NoiseSchedule schedule = NoiseSchedule::scaled_linear();
    ASSERT_EQ(schedule.train_steps(), 1000);
    EXPECT_NEAR(schedule.alphas_cumprod[0].item<float>(), 1 - 0.00085, 1e-6);
    EXPECT_NEAR(schedule.alphas_cumprod[999].item<float>(), 0.0047, 1e-4);  // SD 1.x's last alpha_cumprod
}

TEST(Sampler, EulerSigmasEndInZeroAndTimestepsRunDown) {
    SamplerOptions options;
    options.steps = 10;
    const EulerSampler sampler(options, NoiseSchedule::scaled_linear());
    ASSERT_EQ(sampler.sigmas().size(0), 11);
    EXPECT_EQ(sampler.sigmas()[10].item<float>(), 0.0f);
    EXPECT_EQ(sampler.timesteps()[0].item<float>(), 999.0f);
    EXPECT_EQ(sampler.timesteps()[9].item<float>(), 0.0f);
    EXPECT_NEAR(sampler.init_noise_sigma(), 14.61, 0.01);  // SD 1.x's largest sigma
}

TEST(Sampler, RefusesStepsAndOptionsItCannotRun) {
    const NoiseSchedule schedule = NoiseSchedule::scaled_linear();
    SamplerOptions options;
    options.steps = 0;
    EXPECT_THAT(test::error_of(LK_ERR_INVALID_ARGUMENT, [&] { make_sampler(options, schedule); }),
                HasSubstr("steps 0 is out of range"));
    options = {};
    options.eta = 0.5;
    EXPECT_THAT(test::error_of(LK_ERR_INVALID_ARGUMENT, [&] { make_sampler(options, schedule); }),
                HasSubstr("only the DDIM sampler"));
    options = {};
    options.kind = SamplerKind::ddim;
    options.steps = 1000;
    EXPECT_THAT(test::error_of(LK_ERR_INVALID_ARGUMENT, [&] { make_sampler(options, schedule); }),
                HasSubstr("at most 500 steps"));
    options.steps = 500;
    EXPECT_EQ(make_sampler(options, schedule)->timesteps()[0].item<float>(), 999.0f);
    options = {};
    options.kind = SamplerKind::lcm;
    options.steps = 51;
    EXPECT_THAT(test::error_of(LK_ERR_INVALID_ARGUMENT, [&] { make_sampler(options, schedule); }),
                HasSubstr("at most 50"));
    options = {};
    options.kind = SamplerKind::ddim;
    options.karras_sigmas = true;
    EXPECT_THAT(test::error_of(LK_ERR_INVALID_ARGUMENT, [&] { make_sampler(options, schedule); }),
                HasSubstr("Karras"));
    EXPECT_FALSE(sampler_named("dpm").has_value());
    EXPECT_EQ(sampler_named("dpmpp_2m"), SamplerKind::dpmpp_2m);
}

TEST(Noise, EachSampleIsDrawnAloneFromItsOwnGenerator) {
    const at::Tensor batch = gaussian_noise({3, 4, 3, 5}, seeded_generators(41, 3), at::kFloat);
    for (int64_t i = 0; i < 3; ++i)
        EXPECT_TRUE(batch[i].equal(at::randn({1, 4, 3, 5}, at::detail::createCPUGenerator(41 + i))[0])) << i;
    // One generator draws the whole tensor, as torch.randn does.
    EXPECT_TRUE(gaussian_noise({3, 4}, seeded_generators(41, 1), at::kFloat)
                    .equal(at::randn({3, 4}, at::detail::createCPUGenerator(41))));
    // Drawn in float32 whatever the dtype: a seed's noise in bfloat16 is its float32 noise rounded.
    EXPECT_TRUE(gaussian_noise({3, 4, 3, 5}, seeded_generators(41, 3), at::kBFloat16).equal(batch.to(at::kBFloat16)));
    EXPECT_THAT(test::error_of(LK_ERR_INVALID_ARGUMENT, [] { gaussian_noise({2, 4}, seeded_generators(0, 3), at::kFloat); }),
                HasSubstr("3 generators for noise of 2 samples"));
}

TEST(Sampler, AddNoiseNoisesToTheLevelOfTheStep) {
    const NoiseSchedule schedule = NoiseSchedule::scaled_linear();
    const at::Tensor zero = at::zeros({1, 4, 2, 2}), one = at::ones({1, 4, 2, 2});
    SamplerOptions options;
    options.steps = 10;
    const EulerSampler euler(options, schedule);
    EXPECT_TRUE(euler.add_noise(one, one, 3).equal(one + euler.sigmas()[3]));
    options.kind = SamplerKind::ddim;
    const auto ddim = make_sampler(options, schedule);
    const at::Tensor alpha = schedule.alphas_cumprod[static_cast<int64_t>(ddim->timesteps()[3].item<float>())];
    EXPECT_TRUE(ddim->add_noise(one, zero, 3).equal(zero + alpha.sqrt()));
    EXPECT_TRUE(ddim->add_noise(zero, one, 3).equal(zero + (1 - alpha).sqrt()));
    options.kind = SamplerKind::dpmpp_2m;
    const auto dpm = make_sampler(options, schedule);
    // Variance-preserving: alpha^2 + sigma^2 = 1 at every step.
    const at::Tensor a = dpm->add_noise(one, zero, 3), s = dpm->add_noise(zero, one, 3);
    EXPECT_NEAR((a * a + s * s).mean().item<float>(), 1.0f, 1e-6);
    EXPECT_THAT(test::error_of(LK_ERR_INVALID_ARGUMENT, [&] { dpm->add_noise(one, one, 10); }),
                HasSubstr("sampler step 10 is out of range; expected 0 to 9"));
}

TEST(Sampler, DpmSolverBeginsAtAnyStepThenStepsInOrder) {
    SamplerOptions options;
    options.kind = SamplerKind::dpmpp_2m;
    options.steps = 10;
    const auto dpm = make_sampler(options, NoiseSchedule::scaled_linear());
    const at::Tensor x = at::ones({1, 4, 2, 2});
    dpm->step(x, 4, x, {});
    dpm->step(x, 5, x, {});
    EXPECT_THAT(test::error_of(LK_ERR_INVALID_ARGUMENT, [&] { dpm->step(x, 7, x, {}); }),
                HasSubstr("step 7 follows step 5"));
}

}  // namespace
}  // namespace lk::diffusion
