// Loading and saving a 64 MiB safetensors file, against the floor of a plain read(): loading
// maps the file and hands out tensors in place, so with the file in the page cache it should
// beat copying the bytes into a buffer of our own. Every benchmark reports bytes per second.
#include "core/error.h"
#include "io/file_descriptor.h"
#include "io/safetensors.h"

#include <ATen/ops/empty.h>
#include <benchmark/benchmark.h>

#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <memory>
#include <string>

#include <fcntl.h>
#include <unistd.h>

namespace {

using Named = std::vector<std::pair<std::string, at::Tensor>>;

// 32 F32 tensors of 2 MiB each, the order of a small model's weights.
constexpr int kTensors = 32;
constexpr int64_t kElements = 512 * 1024;

Named make_tensors() {
    Named tensors;
    for (int i = 0; i < kTensors; ++i) {
        at::Tensor tensor = at::empty({kElements}, at::kFloat);
        std::memset(tensor.data_ptr(), i, tensor.nbytes());
        tensors.emplace_back("layer" + std::to_string(i) + ".weight", tensor);
    }
    return tensors;
}

// A folder of its own under TMPDIR, with the weights written once (so they are in the page
// cache) and removed at exit. No tensors are kept: they must not outlive libtorch's statics.
struct Fixture {
    std::string folder;
    std::string weights;

    Fixture() {
        const char* base = std::getenv("TMPDIR");
        folder = std::string(base && *base ? base : "/tmp") + "/likeness-bench-XXXXXX";
        if (!::mkdtemp(folder.data())) lk::fail(LK_ERR_IO, "cannot create {}", folder);
        weights = folder + "/weights.safetensors";
        lk::io::write_safetensors(weights, make_tensors());
    }
    ~Fixture() {
        ::unlink(weights.c_str());
        ::unlink((folder + "/written.safetensors").c_str());
        ::rmdir(folder.c_str());
    }
};

const Fixture& fixture() {
    static const Fixture instance;
    return instance;
}

// Reads every byte, as a model that uses all its weights would; the sum keeps the compiler from
// skipping the reads.
uint64_t touch(const void* data, size_t size) {
    uint64_t sum = 0;
    const auto* bytes = static_cast<const uint8_t*>(data);
    size_t i = 0;
    for (; i + 8 <= size; i += 8) {
        uint64_t word;
        std::memcpy(&word, bytes + i, 8);
        sum += word;
    }
    for (; i < size; ++i) sum += bytes[i];
    return sum;
}

int64_t file_size(const std::string& path) {
    const lk::io::FileDescriptor fd(::open(path.c_str(), O_RDONLY | O_CLOEXEC));
    return ::lseek(fd.get(), 0, SEEK_END);
}

void BM_SafetensorsLoad(benchmark::State& state) {
    const std::string& path = fixture().weights;
    for (auto _ : state) {
        const auto file = lk::io::SafetensorsFile::open(path);
        uint64_t sum = 0;
        for (const std::string& name : file.names()) {
            const at::Tensor tensor = file.tensor(name);
            sum += touch(tensor.data_ptr(), tensor.nbytes());
        }
        benchmark::DoNotOptimize(sum);
    }
    state.SetBytesProcessed(state.iterations() * file_size(path));
}
BENCHMARK(BM_SafetensorsLoad)->Unit(benchmark::kMillisecond)->UseRealTime();

// What a loader without mapping does: read() into a buffer of its own, then use the bytes. With
// reuse_buffer:0 the buffer is fresh each time, as when loading a model; reuse_buffer:1 is the
// best case for read(), the copy alone into memory that is already mapped.
void BM_PlainRead(benchmark::State& state) {
    const std::string& path = fixture().weights;
    const size_t size = size_t(file_size(path));
    std::unique_ptr<uint8_t[]> buffer;
    for (auto _ : state) {
        const lk::io::FileDescriptor fd(::open(path.c_str(), O_RDONLY | O_CLOEXEC));
        if (!buffer || state.range(0) == 0) buffer.reset(new uint8_t[size]);
        for (size_t done = 0; done < size;) {
            const ssize_t n = ::read(fd.get(), buffer.get() + done, size - done);
            if (n <= 0) {
                state.SkipWithError("read() failed");
                return;
            }
            done += size_t(n);
        }
        benchmark::DoNotOptimize(touch(buffer.get(), size));
    }
    state.SetBytesProcessed(state.iterations() * int64_t(size));
}
BENCHMARK(BM_PlainRead)
    ->ArgName("reuse_buffer")
    ->Arg(0)
    ->Arg(1)
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime();

// Includes the fsync that makes the write durable, so it measures the disk as much as the code.
void BM_SafetensorsWrite(benchmark::State& state) {
    const std::string path = fixture().folder + "/written.safetensors";
    const Named tensors = make_tensors();
    for (auto _ : state) lk::io::write_safetensors(path, tensors);
    state.SetBytesProcessed(state.iterations() * file_size(path));
}
BENCHMARK(BM_SafetensorsWrite)->Unit(benchmark::kMillisecond)->UseRealTime();

}  // namespace

BENCHMARK_MAIN();
