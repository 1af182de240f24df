// What the generators' C entry points share about what they make: the model identity their
// provenance names, and 8-bit images that carry the model's watermark.
#pragma once

#include "core/image.h"

#include <likeness/provenance.h>

#include <ATen/core/Tensor.h>

#include <cstdint>
#include <string>
#include <vector>

namespace lk::capi {

// A model's name and content hash, computed on first use: hashing a large model reads all of it.
class ModelIdentity {
public:
    // `path`: the model's file, or its folder.
    explicit ModelIdentity(std::string path) : path_(std::move(path)) {}

    // The watermark payload that names the model: the first 32 bits of its hash.
    uint32_t payload();
    // The defaults of lk_provenance_init plus the model's name, hash and payload; the strings
    // live as long as this object.
    void describe(lk_provenance& out);

private:
    void identify();

    std::string path_;
    std::string name_, hash_;  // file stem or folder name; "sha256:<hex>"
};

// The images of `pixels`, uint8 (N, H, W, C) on the CPU. With `marked_by`, those large enough to
// hold a watermark carry its payload under the default key; the model is hashed only then.
std::vector<Image> generated_images(const at::Tensor& pixels, ModelIdentity* marked_by);

}  // namespace lk::capi
