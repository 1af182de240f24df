#include "face/model_files.h"

#include "core/error.h"
#include "io/sha256.h"

#include <filesystem>
#include <system_error>

namespace lk::face {

const ModelFiles& model_files(FaceModel model) {
    static const ModelFiles files[] = {
        {"SSD-MobileNetV1 face detector", "ssd_mobilenetv1_model-weights_manifest.json",
         "888f744dffbc84f5f060d1f8427d9742341943a2dfaaf9205d10029b7e7a2955", "ssd_mobilenetv1_model.bin",
         5616957, "2835640602d53718aa6ae9a42896327eaa21beefed056c218d32ca7d79e1e2f8"},
        {"tiny face detector", "tiny_face_detector_model-weights_manifest.json",
         "5d1af4849ac48d5b985f4a9b16010c512353ddd6fcc63d50fd0bc9e9e64296e5", "tiny_face_detector_model.bin",
         193321, "b7503ce7df31039b1c43316a9b865cab6a70dd748cc602d3fa28b551503c3871"},
        {"68-point landmark net", "face_landmark_68_model-weights_manifest.json",
         "ca4886639f86e99b39fed0c155f81b63317225773bd9616716e887b0153389c9", "face_landmark_68_model.bin",
         356840, "4611ef65c87d836d03d684b30eec4d195d8b219fa1dd58fc58945831c6b9299b"},
        {"tiny 68-point landmark net", "face_landmark_68_tiny_model-weights_manifest.json",
         "9a1a5dd19fd814fd5095c3cb58f8e0d3193b8c5b9a6715b30a69d559aea31ad4", "face_landmark_68_tiny_model.bin",
         77224, "b98e9f2f7da76f8a6dda9741a36ed485b224b889d552de2b2c1bb16217f67bfc"},
        {"face recognition net", "face_recognition_model-weights_manifest.json",
         "cbaffa501b0b9275a12b63357a6843e7e30c054e1c9151e1a5f879b26e32986b", "face_recognition_model.bin",
         6444032, "b413e420d6840b2775fba32008db6f3cddb07d485967fb42cfcf379c16a8c589"},
    };
    return files[static_cast<int>(model)];
}

namespace {

void verify(const std::filesystem::path& path, const char* title, const char* sha256,
            uint64_t expected_size) {
    std::error_code error;
    const uint64_t size = std::filesystem::file_size(path, error);
    if (error)
        fail(LK_ERR_IO, "the {} needs {}, which cannot be read: {}", title, printable(path.string()),
             error.message());
    if (expected_size != 0 && size != expected_size)
        fail(LK_ERR_FORMAT, "{} is {} bytes; the {} file is {} bytes (face-api 1.7.15)",
             printable(path.string()), size, title, expected_size);
    const std::string digest = io::sha256_of_file(path.string());
    if (digest != sha256)
        fail(LK_ERR_FORMAT, "{} has SHA-256 {}; the {} file has {} (face-api 1.7.15): the file was "
             "altered or is another version", printable(path.string()), digest, title, sha256);
}

}  // namespace

std::string verified_manifest(const std::string& directory, FaceModel model) {
    const ModelFiles& files = model_files(model);
    const std::filesystem::path folder(directory);
    verify(folder / files.manifest, files.title, files.manifest_sha256, 0);
    verify(folder / files.weights, files.title, files.weights_sha256, files.weights_size);
    return (folder / files.manifest).string();
}

}  // namespace lk::face
