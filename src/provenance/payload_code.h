// The watermark's error-correcting code: a 32-bit payload, guarded by a CRC-8, through a
// rate-1/3 convolutional code (constraint length 7) decoded by soft-decision Viterbi.
//
// Soft decisions matter here: each code bit is read from many image cells whose votes are summed,
// so a bit's vote carries how sure the image is of it, and Viterbi uses that where a hard
// decision would throw it away.
#pragma once

#include <array>
#include <cstdint>
#include <optional>

namespace lk::provenance {

inline constexpr int kPayloadBits = 32;
inline constexpr int kCrcBits = 8;
inline constexpr int kMessageBits = kPayloadBits + kCrcBits;
inline constexpr int kConstraintLength = 7;
// Three output bits per message bit and per zero tail bit (which returns the encoder to state 0).
inline constexpr int kCodeBits = 3 * (kMessageBits + kConstraintLength - 1);

using CodeWord = std::array<uint8_t, kCodeBits>;  // 0 or 1 per bit
using SoftBits = std::array<float, kCodeBits>;    // > 0 votes for 0, < 0 for 1, 0 abstains

CodeWord encode_payload(uint32_t payload);

// The payload whose code word best fits the votes, or nothing when that word fails its CRC.
std::optional<uint32_t> decode_payload(const SoftBits& votes);

}  // namespace lk::provenance
