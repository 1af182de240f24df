// Pins the public structs' layouts (fields are append-only) and checks the struct_size contract.
#include <likeness/likeness.h>

#include <gtest/gtest.h>

#include <cstddef>
#include <cstring>
#include <string>
#include <vector>
#include <thread>

static_assert(sizeof(lk_status) == 4);
static_assert(offsetof(lk_context_params, struct_size) == 0);
static_assert(offsetof(lk_context_params, device) == 8);
static_assert(offsetof(lk_context_params, num_threads) == 16);
static_assert(offsetof(lk_context_params, log_level) == 20);
static_assert(offsetof(lk_context_params, log_callback) == 24);
static_assert(offsetof(lk_context_params, log_user) == 32);
static_assert(sizeof(lk_context_params) == 40);

static_assert(offsetof(lk_image_view, width) == 0);
static_assert(offsetof(lk_image_view, height) == 4);
static_assert(offsetof(lk_image_view, channels) == 8);
static_assert(offsetof(lk_image_view, stride) == 16);
static_assert(offsetof(lk_image_view, data) == 24);
static_assert(sizeof(lk_image_view) == 32);

static_assert(offsetof(lk_image_save_params, struct_size) == 0);
static_assert(offsetof(lk_image_save_params, format) == 4);
static_assert(offsetof(lk_image_save_params, jpeg_quality) == 8);
static_assert(offsetof(lk_image_save_params, provenance) == 16);
static_assert(sizeof(lk_image_save_params) == 24);

static_assert(offsetof(lk_provenance, struct_size) == 0);
static_assert(offsetof(lk_provenance, source_type) == 4);
static_assert(offsetof(lk_provenance, software) == 8);
static_assert(offsetof(lk_provenance, model_name) == 16);
static_assert(offsetof(lk_provenance, model_hash) == 24);
static_assert(offsetof(lk_provenance, record_seed) == 32);
static_assert(offsetof(lk_provenance, seed) == 40);
static_assert(offsetof(lk_provenance, prompt) == 48);
static_assert(offsetof(lk_provenance, watermark) == 56);
static_assert(offsetof(lk_provenance, payload) == 60);
static_assert(offsetof(lk_provenance, key) == 64);
static_assert(sizeof(lk_provenance) == 72);

static_assert(offsetof(lk_watermark_result, found) == 4);
static_assert(offsetof(lk_watermark_result, payload) == 8);
static_assert(offsetof(lk_watermark_result, p_value) == 16);
static_assert(offsetof(lk_watermark_result, grid_y) == 40);
static_assert(sizeof(lk_watermark_result) == 48);

static_assert(offsetof(lk_provenance_report, width) == 4);
static_assert(offsetof(lk_provenance_report, has_metadata) == 12);
static_assert(offsetof(lk_provenance_report, metadata_error) == 16);
static_assert(offsetof(lk_provenance_report, seed) == 80);
static_assert(offsetof(lk_provenance_report, watermark) == 96);
static_assert(sizeof(lk_provenance_report) == 144);

static_assert(offsetof(lk_resize_params, struct_size) == 0);
static_assert(offsetof(lk_resize_params, filter) == 4);
static_assert(offsetof(lk_resize_params, linear_light) == 8);
static_assert(sizeof(lk_resize_params) == 12);

static_assert(offsetof(lk_diffusion_load_params, struct_size) == 0);
static_assert(offsetof(lk_diffusion_load_params, tokenizer_dir) == 8);
static_assert(offsetof(lk_diffusion_load_params, dtype) == 16);
static_assert(sizeof(lk_diffusion_load_params) == 24);
static_assert(offsetof(lk_diffusion_info, width) == 4);
static_assert(offsetof(lk_diffusion_info, height) == 8);
static_assert(offsetof(lk_diffusion_info, in_channels) == 12);
static_assert(offsetof(lk_diffusion_info, prediction) == 16);
static_assert(offsetof(lk_diffusion_info, dtype) == 20);
static_assert(sizeof(lk_diffusion_info) == 24);
static_assert(offsetof(lk_diffusion_request, struct_size) == 0);
static_assert(offsetof(lk_diffusion_request, prompt) == 8);
static_assert(offsetof(lk_diffusion_request, negative_prompt) == 16);
static_assert(offsetof(lk_diffusion_request, width) == 24);
static_assert(offsetof(lk_diffusion_request, height) == 28);
static_assert(offsetof(lk_diffusion_request, steps) == 32);
static_assert(offsetof(lk_diffusion_request, guidance) == 40);
static_assert(offsetof(lk_diffusion_request, sampler) == 48);
static_assert(offsetof(lk_diffusion_request, karras) == 52);
static_assert(offsetof(lk_diffusion_request, eta) == 56);
static_assert(offsetof(lk_diffusion_request, seed) == 64);
static_assert(offsetof(lk_diffusion_request, batch) == 72);
static_assert(offsetof(lk_diffusion_request, clip_skip) == 76);
static_assert(offsetof(lk_diffusion_request, init_image) == 80);
static_assert(offsetof(lk_diffusion_request, strength) == 88);
static_assert(offsetof(lk_diffusion_request, mask) == 96);
static_assert(offsetof(lk_diffusion_request, progress) == 104);
static_assert(offsetof(lk_diffusion_request, progress_user) == 112);
static_assert(offsetof(lk_diffusion_request, watermark) == 120);
static_assert(sizeof(lk_diffusion_request) == 128);
static_assert(sizeof(lk_diffusion_sampler) == 4 && LK_DIFFUSION_SAMPLER_LCM == 5);
static_assert(sizeof(lk_diffusion_dtype) == 4 && LK_DIFFUSION_BFLOAT16 == 2);

static_assert(offsetof(lk_progress, struct_size) == 0);
static_assert(offsetof(lk_progress, done) == 8);
static_assert(offsetof(lk_progress, total) == 16);
static_assert(offsetof(lk_progress, stage) == 24);
static_assert(sizeof(lk_progress) == 32);

static_assert(offsetof(lk_gan_info, struct_size) == 0);
static_assert(offsetof(lk_gan_info, z_dim) == 4);
static_assert(offsetof(lk_gan_info, c_dim) == 8);
static_assert(offsetof(lk_gan_info, w_dim) == 12);
static_assert(offsetof(lk_gan_info, num_ws) == 16);
static_assert(offsetof(lk_gan_info, resolution) == 20);
static_assert(offsetof(lk_gan_info, channels) == 24);
static_assert(sizeof(lk_gan_info) == 28);

static_assert(offsetof(lk_gan_train_params, struct_size) == 0);
static_assert(offsetof(lk_gan_train_params, data) == 8);
static_assert(offsetof(lk_gan_train_params, resolution) == 24);
static_assert(offsetof(lk_gan_train_params, batch) == 64);
static_assert(offsetof(lk_gan_train_params, lr) == 72);
static_assert(offsetof(lk_gan_train_params, augment) == 120);
static_assert(offsetof(lk_gan_train_params, augment_p) == 128);
static_assert(offsetof(lk_gan_train_params, snapshot_ticks) == 160);
static_assert(offsetof(lk_gan_train_params, seed) == 168);
static_assert(offsetof(lk_gan_train_params, progress_user) == 192);
static_assert(sizeof(lk_gan_train_params) == 200);
static_assert(offsetof(lk_gan_train_progress, kimg) == 8);
static_assert(offsetof(lk_gan_train_progress, real_sign) == 80);
static_assert(offsetof(lk_gan_train_progress, snapshot) == 88);
static_assert(sizeof(lk_gan_train_progress) == 96);
static_assert(offsetof(lk_diffusion_train_params, struct_size) == 0);
static_assert(offsetof(lk_diffusion_train_params, data) == 8);
static_assert(offsetof(lk_diffusion_train_params, tokenizer_dir) == 24);
static_assert(offsetof(lk_diffusion_train_params, resolution) == 32);
static_assert(offsetof(lk_diffusion_train_params, vae_lr) == 64);
static_assert(offsetof(lk_diffusion_train_params, steps) == 80);
static_assert(offsetof(lk_diffusion_train_params, ema_decay) == 112);
static_assert(offsetof(lk_diffusion_train_params, checkpoint_every) == 136);
static_assert(offsetof(lk_diffusion_train_params, seed) == 144);
static_assert(offsetof(lk_diffusion_train_params, save_float16) == 160);
static_assert(offsetof(lk_diffusion_train_params, progress_user) == 176);
static_assert(sizeof(lk_diffusion_train_params) == 184);
static_assert(offsetof(lk_diffusion_train_progress, stage) == 8);
static_assert(offsetof(lk_diffusion_train_progress, step) == 16);
static_assert(offsetof(lk_diffusion_train_progress, loss) == 32);
static_assert(offsetof(lk_diffusion_train_progress, checkpoint) == 56);
static_assert(sizeof(lk_diffusion_train_progress) == 64);
static_assert(offsetof(lk_gan_generate_params, struct_size) == 0);
static_assert(offsetof(lk_gan_generate_params, truncation_psi) == 4);
static_assert(offsetof(lk_gan_generate_params, truncation_cutoff) == 8);
static_assert(offsetof(lk_gan_generate_params, noise_mode) == 12);
static_assert(offsetof(lk_gan_generate_params, class_index) == 16);
static_assert(offsetof(lk_gan_generate_params, labels) == 24);
static_assert(offsetof(lk_gan_generate_params, batch_size) == 32);
static_assert(offsetof(lk_gan_generate_params, progress) == 40);
static_assert(offsetof(lk_gan_generate_params, progress_user) == 48);
static_assert(offsetof(lk_gan_generate_params, mix_seeds) == 56);
static_assert(offsetof(lk_gan_generate_params, mix_crossover) == 64);
static_assert(offsetof(lk_gan_generate_params, watermark) == 68);
static_assert(sizeof(lk_gan_generate_params) == 72);

static_assert(offsetof(lk_metrics_params, struct_size) == 0);
static_assert(offsetof(lk_metrics_params, num_generated) == 4);
static_assert(offsetof(lk_metrics_params, batch_size) == 8);
static_assert(offsetof(lk_metrics_params, fid) == 12);
static_assert(offsetof(lk_metrics_params, kid) == 16);
static_assert(offsetof(lk_metrics_params, kid_subsets) == 20);
static_assert(offsetof(lk_metrics_params, kid_subset_size) == 24);
static_assert(offsetof(lk_metrics_params, kid_seed) == 28);
static_assert(sizeof(lk_metrics_params) == 32);

static_assert(offsetof(lk_metrics_result, struct_size) == 0);
static_assert(offsetof(lk_metrics_result, fid) == 8);
static_assert(offsetof(lk_metrics_result, kid) == 16);
static_assert(offsetof(lk_metrics_result, num_real) == 24);
static_assert(offsetof(lk_metrics_result, num_generated) == 32);
static_assert(sizeof(lk_metrics_result) == 40);

static_assert(offsetof(lk_face_analyzer_params, struct_size) == 0);
static_assert(offsetof(lk_face_analyzer_params, detector) == 4);
static_assert(offsetof(lk_face_analyzer_params, tiny_landmarks) == 8);
static_assert(offsetof(lk_face_analyzer_params, descriptors) == 12);
static_assert(offsetof(lk_face_analyzer_params, quality) == 16);
static_assert(offsetof(lk_face_analyzer_params, min_confidence) == 20);
static_assert(offsetof(lk_face_analyzer_params, max_faces) == 24);
static_assert(offsetof(lk_face_analyzer_params, tiny_input_size) == 28);
static_assert(offsetof(lk_face_analyzer_params, scoring_config) == 32);
static_assert(offsetof(lk_face_analyzer_params, bfloat16) == 40);
static_assert(sizeof(lk_face_analyzer_params) == 48);

static_assert(sizeof(lk_face_box) == 16);
static_assert(sizeof(lk_face_point) == 8);
static_assert(offsetof(lk_quality_measure, raw) == 8);
static_assert(offsetof(lk_quality_measure, component) == 16);
static_assert(sizeof(lk_quality_measure) == 24);
static_assert(offsetof(lk_face, box) == 4);
static_assert(offsetof(lk_face, landmarks) == 20);
static_assert(offsetof(lk_face, has_descriptor) == 564);
static_assert(offsetof(lk_face, descriptor) == 568);
static_assert(offsetof(lk_face, descriptor_box) == 1080);
static_assert(offsetof(lk_face, quality) == 1096);
static_assert(offsetof(lk_face, measure_count) == 1104);
static_assert(offsetof(lk_face, measures) == 1112);
static_assert(sizeof(lk_face) == 1120);
static_assert(offsetof(lk_face_report, width) == 4);
static_assert(offsetof(lk_face_report, face_count) == 12);
static_assert(offsetof(lk_face_report, faces) == 16);
static_assert(sizeof(lk_face_report) == 24);

namespace {

lk_image_view flat_image(std::vector<uint8_t>& storage, uint32_t w, uint32_t h) {
    storage.assign(size_t(w) * h, 0);
    for (size_t i = 0; i < storage.size(); ++i) storage[i] = (i % 2) ? 255 : 0;
    return {w, h, 1, w, storage.data()};
}

TEST(StructSize, ShorterStructFromAnOlderCallerGetsDefaultsForTheRest) {
    // A caller built when lk_resize_params ended before linear_light: the library must read
    // only `filter` and use the default (linear light on) for the rest.
    std::vector<uint8_t> storage;
    const lk_image_view view = flat_image(storage, 8, 2);
    lk_resize_params old{};
    old.struct_size = offsetof(lk_resize_params, linear_light);
    old.filter = LK_RESIZE_BOX;
    old.linear_light = 0;  // beyond struct_size: must be ignored
    lk_resize_params current;
    lk_resize_params_init(&current);
    current.filter = LK_RESIZE_BOX;
    lk_image *a = nullptr, *b = nullptr;
    ASSERT_EQ(lk_image_resize(&view, 4, 1, &old, &a), LK_OK) << lk_last_error();
    ASSERT_EQ(lk_image_resize(&view, 4, 1, &current, &b), LK_OK) << lk_last_error();
    lk_image_view va, vb;
    lk_image_get_view(a, &va);
    lk_image_get_view(b, &vb);
    EXPECT_EQ(std::memcmp(va.data, vb.data, 4), 0);
    EXPECT_GT(va.data[0], 150);  // linear-light average of black and white, not 128
    lk_image_free(a);
    lk_image_free(b);
}

TEST(StructSize, LongerStructFromANewerCallerIsAccepted) {
    struct newer_params {
        lk_resize_params known;
        int32_t field_from_the_future;
    } newer{};
    lk_resize_params_init(&newer.known);
    newer.known.struct_size = sizeof newer;
    std::vector<uint8_t> storage;
    const lk_image_view view = flat_image(storage, 8, 2);
    lk_image* out = nullptr;
    EXPECT_EQ(lk_image_resize(&view, 4, 1, &newer.known, &out), LK_OK) << lk_last_error();
    lk_image_free(out);
}

TEST(LastError, IsPerThread) {
    lk_image* out = nullptr;
    ASSERT_EQ(lk_image_load("/no/such/file/in/main.png", 0, &out), LK_ERR_IO);
    std::thread([] {
        EXPECT_STREQ(lk_last_error(), "");
        lk_image* other = nullptr;
        EXPECT_EQ(lk_image_convert(nullptr, 3, &other), LK_ERR_INVALID_ARGUMENT);
        EXPECT_NE(std::string(lk_last_error()).find("NULL"), std::string::npos);
    }).join();
    EXPECT_NE(std::string(lk_last_error()).find("in/main.png"), std::string::npos);
}

TEST(Context, CudaOnAMachineWithoutOneIsUnsupported) {
    lk_context_params params;
    lk_context_params_init(&params);
    params.device = "cuda";
    lk_context* ctx = nullptr;
    const lk_status status = lk_context_create(&params, &ctx);
    if (status == LK_OK) {
        lk_context_free(ctx);
        GTEST_SKIP() << "a CUDA device is present";
    }
    EXPECT_EQ(status, LK_ERR_UNSUPPORTED);
    EXPECT_EQ(ctx, nullptr);
    EXPECT_NE(std::string(lk_last_error()).find("'cuda'"), std::string::npos);
}

TEST(Context, InterruptIsVisibleAndResumable) {
    lk_context* ctx = nullptr;
    ASSERT_EQ(lk_context_create(nullptr, &ctx), LK_OK);
    EXPECT_STREQ(lk_context_device(ctx), "cpu");
    EXPECT_EQ(lk_context_is_interrupted(ctx), 0);
    std::thread([ctx] { lk_context_interrupt(ctx); }).join();
    EXPECT_EQ(lk_context_is_interrupted(ctx), 1);
    EXPECT_EQ(lk_context_resume(ctx), LK_OK);
    EXPECT_EQ(lk_context_is_interrupted(ctx), 0);
    lk_context_free(ctx);
    lk_context_free(nullptr);
}

TEST(StatusString, NamesEveryStatus) {
    for (int s = LK_OK; s <= LK_ERR_INTERNAL; ++s)
        EXPECT_STRNE(lk_status_string(lk_status(s)), "LK_ERR_UNKNOWN") << s;
    EXPECT_STREQ(lk_status_string(lk_status(1234)), "LK_ERR_UNKNOWN");
}

}  // namespace
