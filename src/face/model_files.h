// The face-api model files the SDK runs (npm `@vladmandic/face-api` 1.7.15, MIT), each known by
// its files' names, sizes and SHA-256 digests, so that a missing, truncated or altered file is
// refused before any of its bytes become weights.
#pragma once

#include <cstdint>
#include <string>

namespace lk::face {

enum class FaceModel { ssd_mobilenet_v1, tiny_face_detector, landmarks_68, landmarks_68_tiny, recognition };

struct ModelFiles {
    const char* title;          // how messages name the model
    const char* manifest;       // file name of the tfjs weight manifest
    const char* manifest_sha256;
    const char* weights;        // the one shard the manifest names
    uint64_t weights_size;
    const char* weights_sha256;
};

const ModelFiles& model_files(FaceModel model);

// Path of the model's manifest in `directory`, after checking both files: LK_ERR_IO naming the
// file when one is missing or unreadable; LK_ERR_FORMAT naming the file, its size or digest and
// the expected ones when it is not the file this SDK was built against.
std::string verified_manifest(const std::string& directory, FaceModel model);

}  // namespace lk::face
