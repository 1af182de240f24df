// The heavy headers most internal sources include, parsed once per build (CMake precompiled
// header for likeness_internal); each source still includes what it uses.
#pragma once

#include <ATen/core/Tensor.h>
#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <string>
#include <vector>
