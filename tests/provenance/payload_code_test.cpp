#include "provenance/payload_code.h"

#include <gtest/gtest.h>

#include <random>

namespace lk::provenance {
namespace {

SoftBits votes_for(const CodeWord& word) {
    SoftBits votes;
    for (int i = 0; i < kCodeBits; ++i) votes[i] = word[i] ? -1.0f : 1.0f;
    return votes;
}

TEST(PayloadCode, CleanVotesDecodeToThePayload) {
    for (uint32_t payload : {0u, 1u, 0xC0FFEE42u, 0xFFFFFFFFu}) {
        EXPECT_EQ(decode_payload(votes_for(encode_payload(payload))), payload);
    }
}

TEST(PayloadCode, DistinctPayloadsMakeDistinctWords) {
    EXPECT_NE(encode_payload(0x12345678u), encode_payload(0x12345679u));
}

TEST(PayloadCode, CorrectsOneBitInTen) {
    std::mt19937 rng(7);
    int decoded = 0;
    for (int trial = 0; trial < 50; ++trial) {
        const uint32_t payload = rng();
        SoftBits votes = votes_for(encode_payload(payload));
        std::vector<int> order(kCodeBits);
        for (int i = 0; i < kCodeBits; ++i) order[i] = i;
        std::shuffle(order.begin(), order.end(), rng);
        for (int i = 0; i < kCodeBits / 10; ++i) votes[order[i]] = -votes[order[i]];
        decoded += decode_payload(votes) == payload;
    }
    EXPECT_EQ(decoded, 50);
}

TEST(PayloadCode, UsesHowSureEachVoteIs) {
    // A third of the bits flipped, but weakly: hard decisions lose, soft ones win.
    const uint32_t payload = 0xA5A5F00Du;
    SoftBits votes = votes_for(encode_payload(payload));
    for (int i = 0; i < kCodeBits; i += 3) votes[i] *= -0.2f;
    EXPECT_EQ(decode_payload(votes), payload);
    SoftBits hard;
    for (int i = 0; i < kCodeBits; ++i) hard[i] = votes[i] > 0 ? 1.0f : -1.0f;
    EXPECT_NE(decode_payload(hard), payload);
}

TEST(PayloadCode, ErasedBitsAreNotGuessed) {
    const uint32_t payload = 0x0BADCAFEu;
    SoftBits votes = votes_for(encode_payload(payload));
    for (int i = 0; i < kCodeBits; i += 4) votes[i] = 0.0f;
    EXPECT_EQ(decode_payload(votes), payload);
}

TEST(PayloadCode, NoiseRarelyPassesTheCrc) {
    std::mt19937 rng(11);
    std::normal_distribution<float> noise;
    int passed = 0;
    for (int trial = 0; trial < 200; ++trial) {
        SoftBits votes;
        for (float& v : votes) v = noise(rng);
        passed += decode_payload(votes).has_value();
    }
    // One in 256 by chance; 200 trials pass a handful at most.
    EXPECT_LE(passed, 6);
}

}  // namespace
}  // namespace lk::provenance
