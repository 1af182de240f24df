// The C ABI's lk_provenance as the marking the provenance code applies; shared by image.h's
// save functions and provenance.h's.
#pragma once

#include "provenance/mark.h"

#include <likeness/provenance.h>

namespace lk::capi {

// Reads `given` as far as its struct_size reaches; LK_ERR_INVALID_ARGUMENT for a source type
// that cannot be written.
provenance::Marking marking_of(const lk_provenance* given);

}  // namespace lk::capi
