// read_single_file refusing the checkpoints of other families by the tensors only they have
// (single_file_test.cpp reads whole SD 1.x files and their damaged copies).
#include "diffusion/checkpoint_keys.h"
#include "io/safetensors.h"
#include "support/error_of.h"
#include "support/temp_directory.h"

#include <ATen/ops/zeros.h>
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace lk::diffusion {
namespace {

using ::testing::AllOf;
using ::testing::HasSubstr;

using Tensors = std::vector<std::pair<std::string, at::Tensor>>;

// The message read_single_file fails with on a file of `tensors`.
std::string refusal(const Tensors& tensors, lk_status status) {
    test::TempDirectory dir;
    const std::string path = dir.file("model.safetensors");
    io::write_safetensors(path, tensors);
    const io::SafetensorsFile file = io::SafetensorsFile::open(path);
    return test::error_of(status, [&] { read_single_file(file); });
}

// The same for one-element tensors under `names`.
std::string refusal(const std::vector<std::string>& names, lk_status status = LK_ERR_UNSUPPORTED) {
    Tensors tensors;
    for (const std::string& name : names) tensors.emplace_back(name, at::zeros({1}));
    return refusal(tensors, status);
}

TEST(SingleFile, RefusesSdxlBaseByItsTwoTextEncoders) {
    EXPECT_THAT(refusal({"conditioner.embedders.0.transformer.text_model.final_layer_norm.weight",
                         "conditioner.embedders.1.model.ln_final.weight",
                         "model.diffusion_model.input_blocks.0.0.weight",
                         "model.diffusion_model.label_emb.0.0.weight"}),
                AllOf(HasSubstr("model.safetensors is an SDXL checkpoint"),
                      HasSubstr("only Stable Diffusion 1.x")));
}

TEST(SingleFile, RefusesSdxlRefinerByItsLoneOpenClip) {
    EXPECT_THAT(refusal({"conditioner.embedders.0.model.text_projection",
                         "model.diffusion_model.input_blocks.0.0.weight"}),
                HasSubstr("an SDXL refiner checkpoint"));
}

TEST(SingleFile, RefusesSd2ByItsOpenClipTextEncoder) {
    EXPECT_THAT(refusal({"cond_stage_model.model.token_embedding.weight",
                         "model.diffusion_model.input_blocks.0.0.weight"}),
                HasSubstr("a Stable Diffusion 2.x checkpoint (cond_stage_model.model.* OpenCLIP"));
}

TEST(SingleFile, RefusesAUNetWithALabelEmbedding) {
    EXPECT_THAT(refusal({"model.diffusion_model.input_blocks.0.0.weight",
                         "model.diffusion_model.label_emb.0.0.weight"}),
                HasSubstr("SDXL-style checkpoint (its UNet has a label_emb"));
}

TEST(SingleFile, RefusesFilesWithoutAnLdmUNetSayingWhatTheyAre) {
    EXPECT_THAT(refusal({"first_stage_model.encoder.conv_in.weight"}),
                HasSubstr("not a Stable Diffusion checkpoint (no model.diffusion_model.* tensors)"));
    EXPECT_THAT(refusal({"control_model.time_embed.0.weight"}), HasSubstr("a ControlNet"));
    EXPECT_THAT(refusal({"conv_in.weight", "down_blocks.0.resnets.0.conv1.weight"}),
                HasSubstr("one model of a diffusers folder"));
    EXPECT_THAT(refusal({"model.diffusion_model.joint_blocks.0.context_block.attn.qkv.weight"}),
                HasSubstr("holds no LDM UNet (input_blocks)"));
}

TEST(SingleFile, NamesAShapeItCannotReadAConfigFrom) {
    // conv_in is a 4-dimensional convolution weight; a 1-dimensional one gives no channel counts.
    EXPECT_THAT(refusal({"model.diffusion_model.input_blocks.0.0.weight"}, LK_ERR_FORMAT),
                HasSubstr("tensor model.diffusion_model.input_blocks.0.0.weight has shape [1], "
                          "expected 4 dimensions"));
}

TEST(SingleFile, RefusesBlockIndicesBeyondAnySd1ModelBeforeCountingUpToThem) {
    const Tensors tensors = {
        {"model.diffusion_model.input_blocks.0.0.weight", at::zeros({32, 4, 3, 3})},
        {"model.diffusion_model.out.2.weight", at::zeros({4, 32, 3, 3})},
        {"model.diffusion_model.input_blocks.123456789012.0.in_layers.0.weight", at::zeros({1})}};
    EXPECT_THAT(refusal(tensors, LK_ERR_FORMAT),
                HasSubstr("tensor model.diffusion_model.input_blocks.123456789012.0.in_layers.0.weight has "
                          "index 123456789012, more than any SD 1.x model has"));
}

}  // namespace
}  // namespace lk::diffusion
