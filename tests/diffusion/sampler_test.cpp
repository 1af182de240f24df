// The samplers' schedules and their refusals (their steps are checked against diffusers by
// check_sampler_parity.py).
#include "diffusion/euler_sampler.h"
#include "diffusion/sampler.h"
#include "support/error_of.h"

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

}  // namespace
}  // namespace lk::diffusion
