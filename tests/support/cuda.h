// Skipping a CUDA test, with the reason printed, where this build or machine cannot run it.
#pragma once

#include <gtest/gtest.h>
#include <torch/cuda.h>

#define LK_REQUIRE_CUDA()                                                                   \
    do {                                                                                    \
        if (!LIKENESS_CUDA) GTEST_SKIP() << "no CUDA kernels: built with LIKENESS_CUDA=OFF"; \
        if (!torch::cuda::is_available())                                                   \
            GTEST_SKIP() << "no CUDA device: torch::cuda::is_available() is false";        \
    } while (0)
