// Timing one of our ops against the same computation composed of stock libtorch ops. Each
// iteration times both, so the reported vs_stock (stock time / our time; above 1 means ours is
// faster) compares like with like under the same load.
#pragma once

#include <ATen/core/Tensor.h>
#include <benchmark/benchmark.h>
#include <torch/cuda.h>

#include <chrono>
#include <functional>

namespace lk::bench {

inline void synchronize(const at::Device& device) {
    if (device.is_cuda()) torch::cuda::synchronize(device.index());
}

// The device a benchmark runs on; marks the state skipped when it asks for a missing GPU.
inline at::Device device_for(benchmark::State& state, bool cuda) {
    if (cuda && !(LIKENESS_CUDA && torch::cuda::is_available()))
        state.SkipWithError("no CUDA device");
    return cuda ? at::Device(at::kCUDA, 0) : at::Device(at::kCPU);
}

// Times ours and stock on `device`, reporting our time as the iteration time (the benchmark
// must UseManualTime), our throughput from bytes_per_iteration, and stock's for comparison.
inline void compare(benchmark::State& state, const at::Device& device,
                    const std::function<void()>& ours, const std::function<void()>& stock,
                    double bytes_per_iteration) {
    using clock = std::chrono::steady_clock;
    double ours_s = 0, stock_s = 0;
    for (auto _ : state) {
        const auto start = clock::now();
        ours();
        synchronize(device);
        const auto middle = clock::now();
        stock();
        synchronize(device);
        const auto end = clock::now();
        const double ours_iteration = std::chrono::duration<double>(middle - start).count();
        state.SetIterationTime(ours_iteration);
        ours_s += ours_iteration;
        stock_s += std::chrono::duration<double>(end - middle).count();
    }
    const double bytes = bytes_per_iteration * double(state.iterations());
    state.SetBytesProcessed(int64_t(bytes));
    state.counters["stock_GB/s"] = bytes / stock_s / 1e9;
    state.counters["vs_stock"] = stock_s / ours_s;
}

}  // namespace lk::bench
