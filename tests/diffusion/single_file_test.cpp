// read_single_file on the tiny pipelines written as LDM single files by write_single_files.py
// (whose genuineness diffusers' own converters confirm): every tensor comes back under the
// folder's name and equal to the folder's, the configs the shapes imply are the folders',
// load_model builds a model from them, and damaged copies are refused naming what is wrong.
#include "diffusion/checkpoint_keys.h"
#include "diffusion/model.h"
#include "io/safetensors.h"
#include "support/error_of.h"
#include "support/temp_directory.h"

#include <ATen/ops/equal.h>
#include <ATen/ops/full.h>
#include <ATen/ops/zeros.h>
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <filesystem>
#include <fstream>
#include <string>
#include <utility>
#include <vector>

namespace lk::diffusion {
namespace {

using ::testing::AllOf;
using ::testing::HasSubstr;
using Tensors = std::vector<std::pair<std::string, at::Tensor>>;

std::string single_file(const std::string& pipeline) {
    return std::string(LIKENESS_SINGLE_FILES) + "/" + pipeline + ".safetensors";
}

std::string folder_file(const std::string& pipeline, const std::string& file) {
    return std::string(LIKENESS_TINY_PIPELINES) + "/" + pipeline + "/" + file;
}

nlohmann::json config_json(const std::string& pipeline, const std::string& model) {
    std::ifstream in(folder_file(pipeline, model + "/config.json"));
    return nlohmann::json::parse(in);
}

bool have_single_files() { return std::filesystem::exists(single_file("txt2img")); }
const char* const kNoFiles = "no single files: the diffusion.write_single_files test writes them (it needs diffusers)";

void expect_folder_tensors(const Weights& weights, const std::string& path) {
    const io::SafetensorsFile folder = io::SafetensorsFile::open(path);
    std::vector<std::string> names;
    for (const auto& entry : weights) names.push_back(entry.first);
    EXPECT_EQ(names, folder.names()) << path;
    for (const std::string& name : folder.names()) {
        const auto found = weights.find(name);
        if (found == weights.end()) continue;
        const at::Tensor want = folder.tensor(name);
        EXPECT_EQ(found->second.scalar_type(), want.scalar_type()) << name;
        EXPECT_TRUE(found->second.sizes() == want.sizes() && at::equal(found->second, want))
            << name << " differs from the folder's: shape " << found->second.sizes() << " against "
            << want.sizes();
    }
}

class TinyPipeline : public ::testing::TestWithParam<std::string> {
protected:
    void SetUp() override {
        if (!have_single_files()) GTEST_SKIP() << kNoFiles;
    }
};

TEST_P(TinyPipeline, GivesEveryTensorOfTheFolderUnderItsDiffusersName) {
    const SingleFileModel model = read_single_file(io::SafetensorsFile::open(single_file(GetParam())));
    expect_folder_tensors(model.unet, folder_file(GetParam(), "unet/diffusion_pytorch_model.safetensors"));
    expect_folder_tensors(model.vae, folder_file(GetParam(), "vae/diffusion_pytorch_model.safetensors"));
    expect_folder_tensors(model.text_encoder, folder_file(GetParam(), "text_encoder/model.safetensors"));
}

TEST_P(TinyPipeline, InfersTheFoldersConfigsFromTheShapes) {
    const SingleFileModel model = read_single_file(io::SafetensorsFile::open(single_file(GetParam())));

    const nlohmann::json unet = config_json(GetParam(), "unet");
    const UNetConfig& u = model.unet_config;
    EXPECT_EQ(u.in_channels, unet["in_channels"].get<int64_t>());
    EXPECT_EQ(u.out_channels, unet["out_channels"].get<int64_t>());
    EXPECT_EQ(u.block_out_channels, unet["block_out_channels"].get<std::vector<int64_t>>());
    ASSERT_EQ(u.cross_attention.size(), unet["down_block_types"].size());
    for (size_t i = 0; i < u.cross_attention.size(); ++i) {
        EXPECT_EQ(u.cross_attention[i], unet["down_block_types"][i] == "CrossAttnDownBlock2D") << i;
        EXPECT_EQ(u.cross_attention[i], unet["up_block_types"][u.cross_attention.size() - 1 - i] ==
                                            "CrossAttnUpBlock2D") << i;
    }
    EXPECT_EQ(u.layers_per_block, unet["layers_per_block"].get<int64_t>());
    EXPECT_EQ(u.cross_attention_dim, unet["cross_attention_dim"].get<int64_t>());
    EXPECT_EQ(u.transformer_layers_per_block, unet["transformer_layers_per_block"].get<int64_t>());
    EXPECT_EQ(u.use_linear_projection, unet["use_linear_projection"].get<bool>());

    const nlohmann::json vae = config_json(GetParam(), "vae");
    const AutoencoderConfig& v = model.vae_config;
    EXPECT_EQ(v.in_channels, vae["in_channels"].get<int64_t>());
    EXPECT_EQ(v.out_channels, vae["out_channels"].get<int64_t>());
    EXPECT_EQ(v.latent_channels, vae["latent_channels"].get<int64_t>());
    EXPECT_EQ(v.block_out_channels, vae["block_out_channels"].get<std::vector<int64_t>>());
    EXPECT_EQ(v.layers_per_block, vae["layers_per_block"].get<int64_t>());
    EXPECT_EQ(v.scaling_factor, vae["scaling_factor"].get<double>());

    const nlohmann::json clip = config_json(GetParam(), "text_encoder");
    const TextEncoderConfig& t = model.text_encoder_config;
    EXPECT_EQ(t.vocab_size, clip["vocab_size"].get<int64_t>());
    EXPECT_EQ(t.hidden_size, clip["hidden_size"].get<int64_t>());
    EXPECT_EQ(t.intermediate_size, clip["intermediate_size"].get<int64_t>());
    EXPECT_EQ(t.num_hidden_layers, clip["num_hidden_layers"].get<int64_t>());
    EXPECT_EQ(t.max_position_embeddings, clip["max_position_embeddings"].get<int64_t>());
    EXPECT_EQ(t.quick_gelu, clip["hidden_act"] == "quick_gelu");
    EXPECT_EQ(t.layer_norm_eps, clip["layer_norm_eps"].get<double>());

    // What LDM files do not store takes SD 1.x's values, which the tiny folders (4 UNet heads,
    // 8 norm groups, 4 CLIP heads) do not share: 8 UNet heads, 32 groups (16 for the autoencoder,
    // whose first blocks are 16 wide), 64-wide CLIP heads (a 32-wide encoder gets one).
    EXPECT_EQ(u.attention_heads, std::vector<int64_t>{8});
    EXPECT_EQ(u.norm_num_groups, 32);
    EXPECT_EQ(v.norm_num_groups, 16);
    EXPECT_EQ(t.num_attention_heads, 1);
}

TEST_P(TinyPipeline, LoadsAsAModelWhoseUNetRuns) {
    LoadOptions options;
    options.tokenizer_dir = LIKENESS_CLIP_VOCAB_DIR;
    const StableDiffusion model = load_model(single_file(GetParam()), options);
    const int64_t in_channels = model.unet.config().in_channels;
    EXPECT_EQ(in_channels, GetParam() == "inpaint" ? 9 : 4);
    const at::Tensor out = model.unet(at::zeros({1, in_channels, 8, 8}), at::full({1}, 10.0),
                                      at::zeros({1, 77, model.text_encoder.config().hidden_size}));
    EXPECT_EQ(out.sizes(), at::IntArrayRef({1, 4, 8, 8}));
}

INSTANTIATE_TEST_SUITE_P(SingleFile, TinyPipeline, ::testing::Values("txt2img", "inpaint"));

// Damaged or re-laid-out copies of the txt2img single file.
class SingleFileCopy : public ::testing::Test {
protected:
    void SetUp() override {
        if (!have_single_files()) GTEST_SKIP() << kNoFiles;
        const io::SafetensorsFile file = io::SafetensorsFile::open(single_file("txt2img"));
        for (const std::string& name : file.names()) tensors_.emplace_back(name, file.tensor(name));
    }

    at::Tensor& tensor(const std::string& name) {
        for (auto& entry : tensors_)
            if (entry.first == name) return entry.second;
        throw std::out_of_range(name);
    }
    void remove(const std::string& name) {
        tensors_.erase(std::find_if(tensors_.begin(), tensors_.end(), [&](const auto& e) { return e.first == name; }));
    }
    SingleFileModel read() {
        const std::string path = dir_.file("copy.safetensors");
        io::write_safetensors(path, tensors_);
        return read_single_file(io::SafetensorsFile::open(path));
    }
    std::string refusal(lk_status status) {
        return test::error_of(status, [&] { read(); });
    }

    Tensors tensors_;
    test::TempDirectory dir_;
};

TEST_F(SingleFileCopy, ReadsClipWithoutTextModelAndAttentionStoredAsLinear) {
    const std::string prefix = "cond_stage_model.transformer.text_model.";
    for (auto& entry : tensors_) {
        if (entry.first.rfind(prefix, 0) == 0)
            entry.first = "cond_stage_model.transformer." + entry.first.substr(prefix.size());
        if (entry.first.find(".mid.attn_1.") != std::string::npos && entry.second.dim() == 4)
            entry.second = entry.second.flatten(1);
    }
    const SingleFileModel model = read();
    expect_folder_tensors(model.text_encoder, folder_file("txt2img", "text_encoder/model.safetensors"));
    expect_folder_tensors(model.vae, folder_file("txt2img", "vae/diffusion_pytorch_model.safetensors"));
}

TEST_F(SingleFileCopy, NamesATensorThatFitsNoSd1Tensor) {
    tensors_.emplace_back("model.diffusion_model.input_blocks.1.2.weight", at::zeros({1}));
    EXPECT_THAT(refusal(LK_ERR_FORMAT),
                AllOf(HasSubstr("tensor model.diffusion_model.input_blocks.1.2.weight fits no tensor"),
                      HasSubstr("a UNet of blocks [32, 64, 64] with 2 layers each, an autoencoder of "
                                "blocks [16, 32, 32, 32] with 1 each, a 2-layer text encoder")));
}

TEST_F(SingleFileCopy, NamesAMissingTensor) {
    remove("first_stage_model.decoder.up.0.block.1.conv2.bias");
    EXPECT_THAT(refusal(LK_ERR_FORMAT), HasSubstr("tensor first_stage_model.decoder.up.0.block.1.conv2.bias is missing"));
}

TEST_F(SingleFileCopy, RefusesSd2ByItsCrossAttentionWidth) {
    tensor("model.diffusion_model.middle_block.1.transformer_blocks.0.attn2.to_k.weight") = at::zeros({64, 1024});
    EXPECT_THAT(refusal(LK_ERR_UNSUPPORTED), HasSubstr("a Stable Diffusion 2.x checkpoint (cross-attention over 1024-wide"));
}

TEST_F(SingleFileCopy, RefusesATextEncoderOfAnotherWidthThanTheCrossAttention) {
    tensor("model.diffusion_model.middle_block.1.transformer_blocks.0.attn2.to_k.weight") = at::zeros({64, 48});
    EXPECT_THAT(refusal(LK_ERR_FORMAT), HasSubstr("the text encoder is 32 wide but the UNet's cross-attention reads 48-wide states"));
}

TEST_F(SingleFileCopy, RefusesUNetInputsOtherThanTextToImagesAndInpaintings) {
    tensor("model.diffusion_model.input_blocks.0.0.weight") = at::zeros({32, 8, 3, 3});
    EXPECT_THAT(refusal(LK_ERR_UNSUPPORTED), HasSubstr("a UNet with 8 input channels"));
}

TEST_F(SingleFileCopy, RefusesAnAutoencoderAttentionThatIsNoOneByOneConvolution) {
    tensor("first_stage_model.encoder.mid.attn_1.q.weight") = at::zeros({32, 32, 3, 3});
    EXPECT_THAT(refusal(LK_ERR_FORMAT),
                HasSubstr("tensor first_stage_model.encoder.mid.attn_1.q.weight has shape [32, 32, 3, 3], "
                          "expected a 1x1 convolution"));
}

TEST_F(SingleFileCopy, RefusesInputBlocksOfNoUNetLayout) {
    remove("model.diffusion_model.input_blocks.3.0.op.weight");
    remove("model.diffusion_model.input_blocks.3.0.op.bias");
    EXPECT_THAT(refusal(LK_ERR_FORMAT), HasSubstr("input_blocks has 9 blocks with downsamplers at [6], which fits no UNet"));
}

}  // namespace
}  // namespace lk::diffusion
