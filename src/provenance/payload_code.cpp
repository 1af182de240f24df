#include "provenance/payload_code.h"

#include <limits>

namespace lk::provenance {
namespace {

constexpr int kStates = 1 << (kConstraintLength - 1);
// Generator polynomials 133, 171, 165 (octal): a standard rate-1/3, K = 7 code.
constexpr uint32_t kGenerators[3] = {0133, 0171, 0165};

uint8_t crc8(uint64_t message, int bits) {
    uint8_t crc = 0;
    for (int i = bits - 1; i >= 0; --i) {
        const bool feedback = ((crc >> 7) ^ (message >> i)) & 1;
        crc = uint8_t(crc << 1) ^ (feedback ? 0x07 : 0);
    }
    return crc;
}

uint64_t message_of(uint32_t payload) {
    return (uint64_t(payload) << kCrcBits) | crc8(payload, kPayloadBits);
}

// The three code bits emitted when `bit` enters an encoder whose previous six inputs are `state`,
// for every (state << 1 | bit): the decoder looks them up millions of times per image.
struct OutputTable {
    uint8_t bits[2 * kStates];
    OutputTable() {
        for (uint32_t shift_register = 0; shift_register < 2 * kStates; ++shift_register) {
            bits[shift_register] = 0;
            for (int g = 0; g < 3; ++g)
                bits[shift_register] |= uint8_t(__builtin_parity(shift_register & kGenerators[g]) << g);
        }
    }
};
const OutputTable kOutputs;

uint32_t outputs(uint32_t state, uint32_t bit) { return kOutputs.bits[(state << 1) | bit]; }

}  // namespace

CodeWord encode_payload(uint32_t payload) {
    const uint64_t message = message_of(payload);
    CodeWord word{};
    uint32_t state = 0;
    for (int t = 0; t < kMessageBits + kConstraintLength - 1; ++t) {
        const uint32_t bit = t < kMessageBits ? (message >> (kMessageBits - 1 - t)) & 1 : 0;
        const uint32_t out = outputs(state, bit);
        for (int g = 0; g < 3; ++g) word[3 * t + g] = (out >> g) & 1;
        state = ((state << 1) | bit) & (kStates - 1);
    }
    return word;
}

std::optional<uint32_t> decode_payload(const SoftBits& votes) {
    constexpr int kSteps = kMessageBits + kConstraintLength - 1;
    constexpr float kUnreachable = -std::numeric_limits<float>::infinity();
    // Branch metric: correlation of the votes with the branch's bits as +-1 (0 -> +1).
    float metric[kStates], next[kStates];
    uint8_t from[kSteps][kStates];  // the predecessor's high bit, which the state forgets
    for (int s = 0; s < kStates; ++s) metric[s] = s == 0 ? 0.0f : kUnreachable;
    for (int t = 0; t < kSteps; ++t) {
        const float* v = &votes[3 * t];
        float branch[8];  // by the branch's three output bits
        for (int out = 0; out < 8; ++out)
            branch[out] = (out & 1 ? -v[0] : v[0]) + (out & 2 ? -v[1] : v[1]) + (out & 4 ? -v[2] : v[2]);
        for (int s = 0; s < kStates; ++s) {
            const uint32_t bit = s & 1;
            if (t >= kMessageBits && bit) {  // the tail only shifts in zeros
                next[s] = kUnreachable;
                continue;
            }
            // The two states that lead here differ in the bit the encoder forgets; an unreachable
            // one stays at minus infinity whatever is added.
            const uint32_t low = s >> 1, high = low | (1u << (kConstraintLength - 2));
            const float from_low = metric[low] + branch[outputs(low, bit)];
            const float from_high = metric[high] + branch[outputs(high, bit)];
            next[s] = from_high > from_low ? from_high : from_low;
            from[t][s] = from_high > from_low;
        }
        std::copy(next, next + kStates, metric);
    }
    uint64_t message = 0;
    uint32_t state = 0;
    for (int t = kSteps - 1; t >= 0; --t) {
        if (t < kMessageBits) message |= uint64_t(state & 1) << (kMessageBits - 1 - t);
        state = (state >> 1) | (uint32_t(from[t][state]) << (kConstraintLength - 2));
    }
    const uint32_t payload = uint32_t(message >> kCrcBits);
    if (message_of(payload) != message) return std::nullopt;
    return payload;
}

}  // namespace lk::provenance
