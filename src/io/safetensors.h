// Reading and writing model weights in the safetensors format (see safetensors_header.h).
#pragma once

#include "io/mapped_file.h"
#include "io/safetensors_header.h"

#include <ATen/core/Tensor.h>

#include <map>
#include <memory>
#include <string>
#include <utility>
#include <vector>

namespace lk::io {

// A safetensors file opened for reading: the file is mapped, not read, so opening costs only the
// header, and a tensor's bytes are read from disk when first touched.
class SafetensorsFile {
public:
    // LK_ERR_IO if the file cannot be opened or mapped; LK_ERR_FORMAT naming the file and the
    // problem if it is not a valid safetensors file.
    static SafetensorsFile open(const std::string& path);

    const std::string& path() const { return file_->path(); }
    std::vector<std::string> names() const;  // in name order
    bool contains(const std::string& name) const { return index_.count(name) != 0; }
    const std::map<std::string, std::string>& metadata() const { return header_.metadata; }
    // LK_ERR_INVALID_ARGUMENT naming some of the tensors present if there is no `name`.
    const SafetensorsEntry& info(const std::string& name) const;

    // A CPU tensor of the stored dtype and shape. Where the bytes are aligned for the dtype (as
    // write_safetensors and the reference writer lay them out) the tensor points into the
    // mapping and keeps it alive, so it may outlive this object; otherwise it is a copy.
    // Writing to such a tensor in place is safe: the pages written become private copies and
    // the file is left as it was.
    at::Tensor tensor(const std::string& name) const;

private:
    SafetensorsFile(std::shared_ptr<const MappedFile> file, SafetensorsHeader header);

    std::shared_ptr<const MappedFile> file_;
    SafetensorsHeader header_;
    std::map<std::string, size_t> index_;  // name -> position in header_.tensors
};

// Writes the tensors and metadata to `path` all-or-nothing. Tensors on other devices or with
// other strides are copied to contiguous CPU memory one at a time as they are written, so the
// file never needs a second copy of all the weights in memory. Each tensor's bytes start at an
// offset aligned for its dtype, so reading maps them without copying. LK_ERR_INVALID_ARGUMENT for
// an empty, repeated or non-UTF-8 name, a dtype the format lacks, or a tensor without data;
// LK_ERR_IO if the file cannot be written.
void write_safetensors(const std::string& path,
                       const std::vector<std::pair<std::string, at::Tensor>>& tensors,
                       const std::map<std::string, std::string>& metadata = {});

// The metadata value `key` of a file that must be a `what` ("training state"): LK_ERR_FORMAT
// saying that the file is not one when it lacks the key.
const std::string& required_metadata(const SafetensorsFile& file, const std::string& key,
                                     const char* what);

// Copies the tensors `prefix` + name of `file` into the existing `tensors` in place (so that
// every object sharing them sees the values), as resuming training does. LK_ERR_FORMAT naming
// the first tensor that is missing or of another shape, with the shape expected.
void read_into(const SafetensorsFile& file, const std::string& prefix,
               std::map<std::string, at::Tensor>& tensors);

}  // namespace lk::io
