// Loading diffusers folders and single files: the tiny pipelines (tests/diffusion/
// make_tiny_pipelines.py) as diffusers wrote them, copies of them spoiled one way each, and
// save_diffusers_folder's folders read back.
#include "diffusion/model.h"

#include "support/error_of.h"
#include "support/temp_directory.h"

#include <ATen/ops/equal.h>

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <filesystem>
#include <string>

namespace lk::diffusion {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;
using ::testing::HasSubstr;

const std::string kTiny = std::string(LIKENESS_TINY_PIPELINES) + "/txt2img";

class ModelLoad : public ::testing::Test {
protected:
    void SetUp() override {
        if (!fs::exists(kTiny + "/model_index.json"))
            GTEST_SKIP() << "no tiny pipelines in " << LIKENESS_TINY_PIPELINES
                         << " (diffusion.make_tiny_pipelines writes them)";
        fs::copy(kTiny, folder(), fs::copy_options::recursive);
    }
    std::string folder() const { return dir_.file("model"); }
    std::string file(const std::string& name) const { return folder() + "/" + name; }
    // Rewrites one key of a JSON file of the copy.
    void set(const std::string& name, const std::string& key, const json& value) const {
        json j = json::parse(test::read_bytes(file(name)));
        j[key] = value;
        test::write_bytes(file(name), j.dump());
    }
    std::string load_error(lk_status status) const {
        return test::error_of(status, [&] { load_model(folder(), {}); });
    }

    test::TempDirectory dir_;
};

void expect_same_weights(const Weights& a, const Weights& b) {
    ASSERT_EQ(a.size(), b.size());
    for (const auto& [name, tensor] : a) EXPECT_TRUE(at::equal(tensor, b.at(name))) << name;
}

TEST_F(ModelLoad, ReadsEveryPartOfTheFolder) {
    const StableDiffusion model = load_model(folder(), {});
    EXPECT_EQ(model.path, folder());
    EXPECT_EQ(model.tokenizer.vocab_size(), 49408u);
    EXPECT_EQ(model.text_encoder.config().hidden_size, 32);
    EXPECT_EQ(model.unet.config().in_channels, 4);
    EXPECT_EQ(model.vae.config().latent_channels, 4);
    EXPECT_EQ(model.prediction, Prediction::epsilon);
    EXPECT_TRUE(at::equal(model.schedule.alphas_cumprod, NoiseSchedule::scaled_linear().alphas_cumprod));
}

TEST_F(ModelLoad, ReadsFp16VariantsAndVPrediction) {
    fs::rename(file("unet/diffusion_pytorch_model.safetensors"), file("unet/diffusion_pytorch_model.fp16.safetensors"));
    set("scheduler/scheduler_config.json", "prediction_type", "v_prediction");
    const StableDiffusion model = load_model(folder(), {});
    EXPECT_EQ(model.prediction, Prediction::v);
    EXPECT_FALSE(model.unet.weights().empty());
}

TEST_F(ModelLoad, SavedFolderLoadsBackTheSameModel) {
    const StableDiffusion model = load_model(folder(), {});
    const std::string saved = dir_.file("saved");
    save_diffusers_folder(model, file("tokenizer"), saved);
    const StableDiffusion back = load_model(saved, {});
    expect_same_weights(model.unet.weights(), back.unet.weights());
    expect_same_weights(model.vae.weights(), back.vae.weights());
    expect_same_weights(model.text_encoder.weights(), back.text_encoder.weights());
    EXPECT_EQ(back.unet.config().to_json(), model.unet.config().to_json());
    EXPECT_EQ(back.text_encoder.config().to_json(), model.text_encoder.config().to_json());
    EXPECT_TRUE(at::equal(back.schedule.alphas_cumprod, model.schedule.alphas_cumprod));
    EXPECT_EQ(back.tokenizer.encode("a photo of a cat"), model.tokenizer.encode("a photo of a cat"));
}

TEST_F(ModelLoad, SavingWithoutTokenizerFilesWritesNothing) {
    const StableDiffusion model = load_model(folder(), {});
    EXPECT_THAT(test::error_of(LK_ERR_IO, [&] { save_diffusers_folder(model, dir_.file("none"), dir_.file("saved")); }),
                HasSubstr("no CLIP tokenizer"));
    EXPECT_FALSE(fs::exists(dir_.file("saved")));
}

TEST_F(ModelLoad, MissingPathIsAnIoError) {
    EXPECT_THAT(test::error_of(LK_ERR_IO, [&] { load_model(dir_.file("absent"), {}); }),
                HasSubstr("no model at '" + dir_.file("absent") + "'"));
}

TEST_F(ModelLoad, FolderWithoutTokenizerFilesIsAnIoErrorNamingWhatWasLookedFor) {
    for (const char* name : {"vocab.json", "merges.txt", "tokenizer.json"}) fs::remove(file(std::string("tokenizer/") + name));
    const std::string message = load_error(LK_ERR_IO);
    EXPECT_THAT(message, HasSubstr(file("tokenizer")));
    EXPECT_THAT(message, HasSubstr("expected vocab.json and merges.txt, or tokenizer.json"));
}

TEST_F(ModelLoad, MissingUnetConfigIsAnIoErrorNamingIt) {
    fs::remove(file("unet/config.json"));
    EXPECT_THAT(load_error(LK_ERR_IO), HasSubstr("the UNet needs " + file("unet/config.json") + ", which is missing"));
}

TEST_F(ModelLoad, PickleOnlyWeightsAreAFormatErrorSayingToConvert) {
    fs::rename(file("text_encoder/model.safetensors"), file("text_encoder/pytorch_model.bin"));
    const std::string message = load_error(LK_ERR_FORMAT);
    EXPECT_THAT(message, HasSubstr(file("text_encoder") + " holds only PyTorch pickle weights (pytorch_model.bin)"));
    EXPECT_THAT(message, HasSubstr("convert the model to safetensors"));
}

TEST_F(ModelLoad, TruncatedWeightsAreAFormatErrorNamingTheFile) {
    fs::resize_file(file("text_encoder/model.safetensors"), fs::file_size(file("text_encoder/model.safetensors")) / 2);
    EXPECT_THAT(load_error(LK_ERR_FORMAT), HasSubstr(file("text_encoder/model.safetensors")));
}

TEST_F(ModelLoad, SdxlPipelineIsRefusedByName) {
    set("model_index.json", "_class_name", "StableDiffusionXLPipeline");
    EXPECT_THAT(load_error(LK_ERR_UNSUPPORTED), HasSubstr("\"StableDiffusionXLPipeline\" (SDXL"));
}

TEST_F(ModelLoad, OtherComponentClassesAreRefusedByName) {
    set("model_index.json", "text_encoder", json::array({"transformers", "CLIPTextModelWithProjection"}));
    EXPECT_THAT(load_error(LK_ERR_UNSUPPORTED), HasSubstr("\"text_encoder\" is [\"transformers\",\"CLIPTextModelWithProjection\"]"));
}

TEST_F(ModelLoad, Sd2IsRefusedByName) {
    set("text_encoder/config.json", "hidden_size", 1024);
    EXPECT_THAT(load_error(LK_ERR_UNSUPPORTED), HasSubstr("is an SD 2.x model"));
}

TEST_F(ModelLoad, SchedulersOtherThanScaledLinearAreRefusedByName) {
    set("scheduler/scheduler_config.json", "prediction_type", "sample");
    EXPECT_THAT(load_error(LK_ERR_UNSUPPORTED), HasSubstr("\"prediction_type\" is \"sample\""));
    set("scheduler/scheduler_config.json", "prediction_type", "v_prediction");
    set("scheduler/scheduler_config.json", "beta_schedule", "squaredcos_cap_v2");
    EXPECT_THAT(load_error(LK_ERR_UNSUPPORTED), HasSubstr("\"beta_schedule\" is \"squaredcos_cap_v2\""));
}

TEST_F(ModelLoad, PickleCheckpointFileIsAFormatError) {
    test::write_bytes(dir_.file("model.ckpt"), "not read");
    EXPECT_THAT(test::error_of(LK_ERR_FORMAT, [&] { load_model(dir_.file("model.ckpt"), {}); }),
                HasSubstr("is a PyTorch pickle"));
}

TEST_F(ModelLoad, SingleFileWithoutTokenizerIsAnIoErrorNamingTheFolder) {
    test::write_bytes(dir_.file("model.safetensors"), "not read");
    LoadOptions options;
    options.tokenizer_dir = dir_.file("no-tokenizer");
    const std::string message = test::error_of(LK_ERR_IO, [&] { load_model(dir_.file("model.safetensors"), options); });
    EXPECT_THAT(message, HasSubstr("carries no tokenizer"));
    EXPECT_THAT(message, HasSubstr(options.tokenizer_dir));
}

}  // namespace
}  // namespace lk::diffusion
