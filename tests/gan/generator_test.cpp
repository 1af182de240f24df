// StyleGAN2 inference against NVIDIA's stylegan2-ada-pytorch: the fixtures in tests/data/gan
// come from NVIDIA's own Generator (make_reference_outputs.py), and loading rejects files that
// do not fit their config.
#include "gan/generator.h"

#include "io/safetensors.h"
#include "kernels/image_tensor.h"
#include "support/error_of.h"
#include "support/temp_directory.h"

#include <ATen/TensorOperators.h>
#include <ATen/ops/abs.h>
#include <ATen/ops/clamp.h>
#include <ATen/ops/max.h>
#include <ATen/ops/zeros.h>
#include <c10/core/InferenceMode.h>
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <cmath>
#include <iostream>
#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace lk::gan {
namespace {

using lk::test::error_of;
using lk::test::TempDirectory;
using nlohmann::json;

constexpr double tolerance = 1e-3;

std::string data_path(const std::string& name) {
    return std::string(LIKENESS_TEST_DATA) + "/gan/" + name + ".safetensors";
}

double max_abs_diff(const at::Tensor& a, const at::Tensor& b) {
    EXPECT_EQ(a.sizes(), b.sizes());
    return (a.to(at::kDouble) - b.to(at::kDouble)).abs().max().item<double>();
}

struct Reference {
    io::SafetensorsFile file;
    at::Tensor z, c;
    json mapping_cases, synthesis_cases;

    explicit Reference(const std::string& name)
        : file(io::SafetensorsFile::open(data_path(name + "_expected"))),
          z(file.tensor("z")),
          c(file.contains("c") ? file.tensor("c") : at::Tensor()),
          mapping_cases(json::parse(file.metadata().at("mapping_cases"))),
          synthesis_cases(json::parse(file.metadata().at("synthesis_cases"))) {}
};

std::optional<int64_t> cutoff_of(const json& item) {
    if (item.at("cutoff").is_null()) return std::nullopt;
    return item.at("cutoff").get<int64_t>();
}

NoiseMode noise_mode_of(const json& item) {
    const std::string mode = item.at("noise_mode");
    if (mode == "const") return NoiseMode::Const;
    if (mode == "none") return NoiseMode::None;
    ADD_FAILURE() << "fixture names an unknown noise mode " << mode;
    return NoiseMode::Random;
}

class GeneratorParity : public ::testing::TestWithParam<const char*> {
protected:
    // Checks `ours` against the fixture's tensor `name`, printing the difference for the record.
    void expect_close(const std::string& name, const at::Tensor& ours) const {
        const double diff = max_abs_diff(ours, reference.file.tensor(name));
        std::cout << GetParam() << " " << name << ": max abs diff " << diff << "\n";
        EXPECT_LE(diff, tolerance) << name;
    }

    const Generator generator = Generator::load(data_path(GetParam()));
    const Reference reference{GetParam()};
};

TEST_P(GeneratorParity, MappingMatchesNvidiaWithAndWithoutTruncation) {
    ASSERT_FALSE(reference.mapping_cases.empty());
    for (const json& item : reference.mapping_cases) {
        expect_close(item.at("name"), generator.mapping(reference.z, reference.c,
                                                        item.at("psi"), cutoff_of(item)));
    }
}

TEST_P(GeneratorParity, SynthesisMatchesNvidiaWithConstantAndWithoutNoise) {
    ASSERT_FALSE(reference.synthesis_cases.empty());
    for (const json& item : reference.synthesis_cases) {
        expect_close(item.at("name"), generator.synthesis(reference.file.tensor(item.at("ws")),
                                                          noise_mode_of(item)));
    }
}

TEST_P(GeneratorParity, GenerateComposesMappingAndSynthesis) {
    expect_close("img_psi0.7_cutoff2_const",
                 generator.generate(reference.z, reference.c, 0.7, 2, NoiseMode::Const));
}

// NVIDIA's scripts truncate (x * 127.5 + 128) to uint8; Likeness rounds x * 127.5 + 127.5,
// which lands on the same value or one below.
TEST_P(GeneratorParity, EightBitImagesWithinOneOfNvidias) {
    const at::Tensor ours = tensor_to_images(
        generator.synthesis(reference.file.tensor("ws_psi1"), NoiseMode::Const), 127.5f, 127.5f);
    const at::Tensor theirs = (reference.file.tensor("img_psi1_const") * 127.5 + 128)
                                  .clamp(0, 255)
                                  .to(at::kByte)
                                  .permute({0, 2, 3, 1});
    EXPECT_LE(max_abs_diff(ours, theirs), 1);
}

TEST_P(GeneratorParity, RandomNoiseVariesTheImageOnlyWhereTheModelHasNoiseInputs) {
    const at::Tensor ws = reference.file.tensor("ws_psi1");
    const at::Tensor a = generator.synthesis(ws, NoiseMode::Random);
    const at::Tensor b = generator.synthesis(ws, NoiseMode::Random);
    EXPECT_EQ(a.sizes(), reference.file.tensor("img_psi1_const").sizes());
    if (generator.config().synthesis.use_noise)
        EXPECT_GT(max_abs_diff(a, b), 0);
    else
        EXPECT_EQ(max_abs_diff(a, b), 0);
}

INSTANTIATE_TEST_SUITE_P(Fixtures, GeneratorParity,
                         ::testing::Values("tiny_conditional_16", "tiny_unconditional_32",
                                           "tiny_noiseless_separable_8"));

// A fixture's tensors and metadata, to be altered and written back.
struct ModelContents {
    std::vector<std::pair<std::string, at::Tensor>> tensors;
    std::map<std::string, std::string> metadata;

    explicit ModelContents(const std::string& name) {
        const io::SafetensorsFile file = io::SafetensorsFile::open(data_path(name));
        for (const std::string& tensor : file.names())
            tensors.emplace_back(tensor, file.tensor(tensor).clone());
        metadata = file.metadata();
    }
    at::Tensor& operator[](const std::string& name) {
        for (auto& [key, tensor] : tensors)
            if (key == name) return tensor;
        ADD_FAILURE() << "no tensor " << name;
        return tensors.front().second;
    }
    void erase(const std::string& name) {
        tensors.erase(std::remove_if(tensors.begin(), tensors.end(),
                                     [&](const auto& entry) { return entry.first == name; }),
                      tensors.end());
    }
    template <typename Edit>
    void edit_config(Edit&& edit) {
        json config = json::parse(metadata.at("likeness.config"));
        edit(config);
        metadata["likeness.config"] = config.dump();
    }
    // The message of the LK_ERR_FORMAT that loading these contents must fail with.
    std::string load_error() const {
        TempDirectory dir;
        const std::string path = dir.file("model.safetensors");
        io::write_safetensors(path, tensors, metadata);
        return error_of(LK_ERR_FORMAT, [&] { Generator::load(path); });
    }
};

TEST(GeneratorLoad, MissingTensorIsAFormatErrorNamingIt) {
    ModelContents model("tiny_conditional_16");
    model.erase("synthesis.b8.conv0.noise_const");
    const std::string message = model.load_error();
    EXPECT_NE(message.find("synthesis.b8.conv0.noise_const"), std::string::npos) << message;
    EXPECT_NE(message.find("missing"), std::string::npos) << message;
    EXPECT_NE(message.find("[8, 8]"), std::string::npos) << message;
}

TEST(GeneratorLoad, MisShapedTensorIsAFormatErrorNamingItAndBothShapes) {
    ModelContents model("tiny_conditional_16");
    model["mapping.fc1.weight"] = at::zeros({32, 31});
    const std::string message = model.load_error();
    EXPECT_NE(message.find("mapping.fc1.weight has shape [32, 31], expected [32, 32]"),
              std::string::npos)
        << message;
}

TEST(GeneratorLoad, ExtraTensorIsAFormatErrorNamingIt) {
    ModelContents model("tiny_unconditional_32");
    model.tensors.emplace_back("mapping.embed.weight", at::zeros({32, 4}));
    const std::string message = model.load_error();
    EXPECT_NE(message.find("unexpected tensor mapping.embed.weight"), std::string::npos)
        << message;
}

TEST(GeneratorLoad, ConfigThatDisagreesWithTheTensorsNamesTheFirstMismatch) {
    ModelContents model("tiny_unconditional_32");
    model.edit_config([](json& config) { config["synthesis_kwargs"]["channel_max"] = 16; });
    const std::string message = model.load_error();
    EXPECT_NE(message.find("synthesis.b4.const has shape [32, 4, 4], expected [16, 4, 4]"),
              std::string::npos)
        << message;
}

TEST(GeneratorLoad, ResolutionThatIsNotAPowerOfTwoIsAFormatError) {
    ModelContents model("tiny_unconditional_32");
    model.edit_config([](json& config) { config["img_resolution"] = 24; });
    const std::string message = model.load_error();
    EXPECT_NE(message.find("img_resolution"), std::string::npos) << message;
    EXPECT_NE(message.find("24"), std::string::npos) << message;
}

TEST(GeneratorLoad, UnsupportedArchitectureAndUnknownKeysAreFormatErrors) {
    const auto with = [](const char* kwargs) {
        return std::string(R"({"z_dim": 8, "c_dim": 0, "w_dim": 8, "img_resolution": 8,
                               "img_channels": 3, "synthesis_kwargs": )") + kwargs + "}";
    };
    EXPECT_NE(error_of(LK_ERR_FORMAT,
                       [&] { GeneratorConfig::parse(with(R"({"architecture": "resnet"})")); })
                  .find("architecture"),
              std::string::npos);
    EXPECT_NE(error_of(LK_ERR_FORMAT,
                       [&] { GeneratorConfig::parse(with(R"({"channel_bass": 64})")); })
                  .find("channel_bass"),
              std::string::npos);
    EXPECT_NE(error_of(LK_ERR_FORMAT, [&] { GeneratorConfig::parse("{\"z_dim\": 8"); })
                  .find("JSON"),
              std::string::npos);
}

TEST(GeneratorLoad, OtherFormatIsAFormatError) {
    ModelContents model("tiny_unconditional_32");
    model.metadata["likeness.format"] = "something-else";
    const std::string message = model.load_error();
    EXPECT_NE(message.find("something-else"), std::string::npos) << message;
}

TEST(GeneratorConfig, DefaultsAreNvidiasAndCountTheWs) {
    const GeneratorConfig config = GeneratorConfig::parse(
        R"({"z_dim": 512, "c_dim": 0, "w_dim": 512, "img_resolution": 1024, "img_channels": 3})");
    EXPECT_EQ(config.mapping.num_layers, 8);
    EXPECT_EQ(config.mapping.lr_multiplier, 0.01);
    EXPECT_EQ(config.synthesis.channel_base, 32768);
    EXPECT_EQ(config.synthesis.channel_max, 512);
    EXPECT_FALSE(config.synthesis.conv_clamp.has_value());
    EXPECT_EQ(config.num_ws(), 18);
    EXPECT_EQ(config.channels(4), 512);
    EXPECT_EQ(config.channels(1024), 32);
}

TEST(GeneratorConfig, NullWAvgBetaMeansNoAverageToStoreOrTruncateTowards) {
    const GeneratorConfig config = GeneratorConfig::parse(
        R"({"z_dim": 8, "c_dim": 2, "w_dim": 16, "img_resolution": 8, "img_channels": 3,
            "mapping_kwargs": {"w_avg_beta": null, "embed_features": 4}})");
    EXPECT_FALSE(config.mapping.has_w_avg);
    bool has_w_avg = false, has_embed = false;
    for (const TensorSpec& spec : config.tensors()) {
        has_w_avg = has_w_avg || spec.name == "mapping.w_avg";
        if (spec.name == "mapping.embed.weight") {
            has_embed = true;
            EXPECT_EQ(spec.shape, (std::vector<int64_t>{4, 2}));
        }
        if (spec.name == "mapping.fc0.weight") {
            EXPECT_EQ(spec.shape, (std::vector<int64_t>{16, 12}));
        }
    }
    EXPECT_FALSE(has_w_avg);
    EXPECT_TRUE(has_embed);
}

TEST(GeneratorInputs, WrongShapesAndCutoffAreInvalidArguments) {
    const Generator generator = Generator::load(data_path("tiny_conditional_16"));
    const at::Tensor z = at::zeros({2, 32}), c = at::zeros({2, 4});
    EXPECT_NE(error_of(LK_ERR_INVALID_ARGUMENT, [&] { generator.mapping(at::zeros({2, 31}), c); })
                  .find("z must be"),
              std::string::npos);
    EXPECT_NE(error_of(LK_ERR_INVALID_ARGUMENT, [&] { generator.mapping(z, {}); }).find("c must be"),
              std::string::npos);
    EXPECT_NE(error_of(LK_ERR_INVALID_ARGUMENT, [&] { generator.mapping(z, c, 0.5, 7); })
                  .find("cutoff"),
              std::string::npos);
    EXPECT_NE(error_of(LK_ERR_INVALID_ARGUMENT, [&] { generator.synthesis(at::zeros({2, 5, 32})); })
                  .find("ws must be"),
              std::string::npos);
}

TEST(GeneratorInputs, TruncationPsiMustBeFiniteAndWithinMinusOneToTwo) {
    const Generator generator = Generator::load(data_path("tiny_unconditional_32"));
    const at::Tensor z = at::zeros({1, 32});
    for (const double psi : {std::nan(""), HUGE_VAL, -1.01, 2.01})
        EXPECT_NE(error_of(LK_ERR_INVALID_ARGUMENT, [&] { generator.mapping(z, {}, psi); })
                      .find("[-1, 2]"),
                  std::string::npos)
            << psi;
    EXPECT_EQ(generator.mapping(z, {}, -1).size(0), 1);
    EXPECT_EQ(generator.mapping(z, {}, 2).size(0), 1);
}

}  // namespace
}  // namespace lk::gan
