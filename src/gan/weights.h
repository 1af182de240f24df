// The tensors of a loaded generator by state-dict name, already checked against the config,
// converted to float32 and moved to the device.
#pragma once

#include <ATen/core/Tensor.h>

#include <map>
#include <string>

namespace lk::gan {

using Weights = std::map<std::string, at::Tensor>;

}  // namespace lk::gan
