// Timing one of our ops against the same computation composed of stock libtorch ops. Each
// iteration times both, so the reported vs_stock (stock time / our time; above 1 means ours is
// faster) compares like with like under the same load.
#pragma once

#include <ATen/Parallel.h>
#include <ATen/core/Tensor.h>
#include <benchmark/benchmark.h>
#include <torch/cuda.h>

#include <chrono>
#include <cstdlib>
#include <cstring>
#include <functional>
#include <string>

namespace lk::bench {

inline void synchronize(const at::Device& device) {
    if (device.is_cuda()) torch::cuda::synchronize(device.index());
}

inline bool cuda_present() {
    return LIKENESS_CUDA && torch::cuda::is_available();
}

// The device a benchmark runs on; marks the state skipped when it asks for a missing GPU.
inline at::Device device_for(benchmark::State& state, bool cuda) {
    if (cuda && !cuda_present())
        state.SkipWithError("no CUDA device");
    return cuda ? at::Device(at::kCUDA, 0) : at::Device(at::kCPU);
}

// The seconds each side took over all iterations.
struct Totals {
    double ours_s, stock_s;
};

// Times ours and stock on `device`, reporting our time as the iteration time (the benchmark
// must UseManualTime), our throughput from bytes_per_iteration, and stock's for comparison;
// with bytes_per_iteration 0 the caller reports its own throughput from the totals.
inline Totals compare(benchmark::State& state, const at::Device& device,
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
    if (bytes_per_iteration > 0) {
        const double bytes = bytes_per_iteration * double(state.iterations());
        state.SetBytesProcessed(int64_t(bytes));
        state.counters["stock_GB/s"] = bytes / stock_s / 1e9;
    }
    state.counters["vs_stock"] = stock_s / ours_s;
    return {ours_s, stock_s};
}

// The main of a benchmark that registers some cases at run time (after its own checks, such as
// cuda_present()). Takes --threads=N, the threads every case runs ATen with (ATen's default
// otherwise), so that ours and stock compare on the same threads.
inline int run(int argc, char** argv) {
    int kept = 1;
    for (int i = 1; i < argc; ++i) {
        if (std::strncmp(argv[i], "--threads=", 10) == 0)
            at::set_num_threads(std::atoi(argv[i] + 10));
        else
            argv[kept++] = argv[i];
    }
    argc = kept;
    benchmark::AddCustomContext("threads", std::to_string(at::get_num_threads()));
    benchmark::Initialize(&argc, argv);
    if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 1;
    benchmark::RunSpecifiedBenchmarks();
    benchmark::Shutdown();
    return 0;
}

}  // namespace lk::bench
