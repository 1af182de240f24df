#include "support/error_of.h"
#include "io/safetensors.h"
#include "safetensors_samples.h"
#include "support/temp_directory.h"

#include <ATen/ops/empty.h>
#include <ATen/ops/equal.h>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <csignal>
#include <cstring>
#include <climits>
#include <cstdlib>
#include <fstream>
#include <functional>
#include <sstream>

#include <sys/resource.h>

namespace lk::io {
namespace {

using test::error_of;
using test::make_sample;
using test::read_bytes;
using test::sample_bytes;
using test::sample_metadata;
using test::samples;
using test::tensor_bytes;
using test::TempDirectory;
using test::write_bytes;
using ::testing::HasSubstr;

using Named = std::vector<std::pair<std::string, at::Tensor>>;

Named sample_tensors() {
    Named tensors;
    for (const auto& sample : samples()) tensors.emplace_back(sample.name, make_sample(sample));
    return tensors;
}

// Every sample, with its dtype, shape and bytes, and the sample metadata: nothing more.
void expect_samples(const SafetensorsFile& file) {
    std::vector<std::string> names;
    for (const auto& sample : samples()) names.push_back(sample.name);
    std::sort(names.begin(), names.end());
    EXPECT_EQ(file.names(), names);
    EXPECT_EQ(file.metadata(), sample_metadata());
    for (const auto& sample : samples()) {
        SCOPED_TRACE(sample.name);
        const at::Tensor tensor = file.tensor(sample.name);
        EXPECT_EQ(tensor.scalar_type(), sample.dtype);
        EXPECT_EQ(tensor.sizes().vec(), sample.shape);
        EXPECT_TRUE(tensor.device().is_cpu());
        EXPECT_EQ(tensor_bytes(tensor), sample_bytes(sample, tensor.nbytes()));
    }
}

// Whether `address` lies in a mapping of the file at `path`, as the kernel lists them.
bool mapped_from(const std::string& path, const void* address) {
    char resolved[PATH_MAX];
    if (!::realpath(path.c_str(), resolved)) return false;
    const std::string_view canonical = resolved;
    const auto at = reinterpret_cast<uintptr_t>(address);
    std::ifstream maps("/proc/self/maps");
    for (std::string line; std::getline(maps, line);) {
        std::istringstream fields(line);
        std::string range, permissions, offset, device, inode, name;
        fields >> range >> permissions >> offset >> device >> inode >> name;
        const size_t dash = range.find('-');
        const uintptr_t begin = std::stoull(range.substr(0, dash), nullptr, 16);
        const uintptr_t end = std::stoull(range.substr(dash + 1), nullptr, 16);
        if (name == canonical && begin <= at && at < end) return true;
    }
    return false;
}

TEST(Safetensors, RoundTripsEveryDtypeShapeAndTheMetadata) {
    TempDirectory dir;
    write_safetensors(dir.file("samples.safetensors"), sample_tensors(), sample_metadata());
    expect_samples(SafetensorsFile::open(dir.file("samples.safetensors")));
}

TEST(Safetensors, ReadsTheReferenceImplementationsFileExactly) {
    // Written by the `safetensors` package: tests/io/make_reference_safetensors.py.
    expect_samples(SafetensorsFile::open(LIKENESS_TEST_DATA "/safetensors/reference.safetensors"));
}

TEST(Safetensors, WriterAlignsEveryTensorSoThatReadingCopiesNothing) {
    TempDirectory dir;
    const std::string path = dir.file("samples.safetensors");
    write_safetensors(path, sample_tensors(), sample_metadata());
    const SafetensorsFile file = SafetensorsFile::open(path);
    for (const auto& name : file.names()) {
        SCOPED_TRACE(name);
        const SafetensorsEntry& entry = file.info(name);
        EXPECT_EQ(entry.begin % dtype_size(entry.dtype), 0u);
        if (entry.end > entry.begin) {
            EXPECT_TRUE(mapped_from(path, file.tensor(name).data_ptr()));
        }
    }
}

TEST(Safetensors, WriterOutputDependsOnlyOnTheTensorsNotTheirOrder) {
    TempDirectory dir;
    Named tensors = sample_tensors();
    write_safetensors(dir.file("forward.safetensors"), tensors, sample_metadata());
    std::reverse(tensors.begin(), tensors.end());
    write_safetensors(dir.file("reversed.safetensors"), tensors, sample_metadata());
    EXPECT_EQ(read_bytes(dir.file("forward.safetensors")),
              read_bytes(dir.file("reversed.safetensors")));
}

TEST(Safetensors, WriterStoresNonContiguousTensorsByValue) {
    TempDirectory dir;
    const at::Tensor base = make_sample({"base", at::kInt, {4, 6}, 3});
    const Named tensors = {{"transposed", base.t()}, {"strided", base.slice(1, 0, 6, 2)}};
    write_safetensors(dir.file("views.safetensors"), tensors);
    const SafetensorsFile file = SafetensorsFile::open(dir.file("views.safetensors"));
    for (const auto& [name, tensor] : tensors) {
        SCOPED_TRACE(name);
        EXPECT_EQ(file.tensor(name).sizes(), tensor.sizes());
        EXPECT_EQ(tensor_bytes(file.tensor(name)), tensor_bytes(tensor));
    }
    EXPECT_TRUE(file.metadata().empty());
}

TEST(Safetensors, RoundTripsAFileWithoutTensors) {
    TempDirectory dir;
    write_safetensors(dir.file("none.safetensors"), {}, {{"only", "metadata"}});
    const SafetensorsFile file = SafetensorsFile::open(dir.file("none.safetensors"));
    EXPECT_TRUE(file.names().empty());
    EXPECT_EQ(file.metadata(), (std::map<std::string, std::string>{{"only", "metadata"}}));
    EXPECT_THAT(error_of(LK_ERR_INVALID_ARGUMENT, [&] { file.tensor("w"); }),
                HasSubstr("expected one of none, it holds no tensors"));
}

TEST(Safetensors, ZeroCopyTensorSharesTheMappingAndOutlivesTheFileObject) {
    TempDirectory dir;
    const std::string path = dir.file("weights.safetensors");
    const test::Sample sample{"w", at::kFloat, {64, 64}, 7};
    write_safetensors(path, {{"w", make_sample(sample)}});
    at::Tensor tensor;
    {
        const SafetensorsFile file = SafetensorsFile::open(path);
        tensor = file.tensor("w");
        EXPECT_TRUE(mapped_from(path, tensor.data_ptr()));
        EXPECT_EQ(file.tensor("w").data_ptr(), tensor.data_ptr()) << "no copy on a second call";
    }
    EXPECT_TRUE(mapped_from(path, tensor.data_ptr())) << "the tensor keeps the mapping alive";
    EXPECT_EQ(tensor_bytes(tensor), sample_bytes(sample, tensor.nbytes()));
    const void* data = tensor.data_ptr();
    tensor = at::Tensor();
    EXPECT_FALSE(mapped_from(path, data)) << "the last tensor unmaps the file";
}

TEST(Safetensors, WritingAZeroCopyTensorInPlaceLeavesTheFileUnchanged) {
    TempDirectory dir;
    const at::Tensor original = make_sample({"w", at::kFloat, {4}, 1});
    write_safetensors(dir.file("w.safetensors"), {{"w", original}});
    const std::string bytes_before = read_bytes(dir.file("w.safetensors"));
    const at::Tensor tensor = SafetensorsFile::open(dir.file("w.safetensors")).tensor("w");
    ASSERT_TRUE(mapped_from(dir.file("w.safetensors"), tensor.data_ptr()));
    tensor.fill_(0);
    EXPECT_EQ(tensor.abs().sum().item<float>(), 0.0f);
    EXPECT_EQ(read_bytes(dir.file("w.safetensors")), bytes_before);
    EXPECT_TRUE(at::equal(SafetensorsFile::open(dir.file("w.safetensors")).tensor("w"), original));
}

TEST(Safetensors, MisalignedTensorIsCopied) {
    // Hand-made: the header's length puts the data at an odd offset, so the F32 tensor's bytes
    // cannot be used in place.
    std::string header = R"({"w":{"dtype":"F32","shape":[2],"data_offsets":[0,8]}})";
    header.append((9 - header.size() % 8) % 8, ' ');
    ASSERT_EQ((8 + header.size()) % 8, 1u);
    const float values[2] = {1.5f, -2.25f};
    std::string file(8, '\0');
    file[0] = char(header.size());
    file += header + std::string(reinterpret_cast<const char*>(values), sizeof values);
    TempDirectory dir;
    write_bytes(dir.file("odd.safetensors"), file);

    const at::Tensor tensor = SafetensorsFile::open(dir.file("odd.safetensors")).tensor("w");
    EXPECT_FALSE(mapped_from(dir.file("odd.safetensors"), tensor.data_ptr()));
    EXPECT_EQ(reinterpret_cast<uintptr_t>(tensor.data_ptr()) % alignof(float), 0u);
    ASSERT_EQ(tensor.numel(), 2);
    EXPECT_EQ(tensor.data_ptr<float>()[0], 1.5f);
    EXPECT_EQ(tensor.data_ptr<float>()[1], -2.25f);
}

TEST(Safetensors, MissingNameIsAnInvalidArgumentListingSomeNames) {
    TempDirectory dir;
    Named tensors;
    for (int i = 0; i < 7; ++i) tensors.emplace_back(fmt::format("t{}", i), at::empty({1}));
    write_safetensors(dir.file("seven.safetensors"), tensors);
    const SafetensorsFile file = SafetensorsFile::open(dir.file("seven.safetensors"));
    EXPECT_TRUE(file.contains("t6"));
    EXPECT_FALSE(file.contains("nope"));
    const std::string message = error_of(LK_ERR_INVALID_ARGUMENT, [&] { file.tensor("nope"); });
    EXPECT_THAT(message, HasSubstr(dir.file("seven.safetensors")));
    EXPECT_THAT(message, HasSubstr("no tensor named 'nope'; expected one of 't0', 't1', 't2', "
                                   "'t3', 't4' and 2 more"));
}

TEST(Safetensors, OpenNamesTheFileInFormatErrors) {
    TempDirectory dir;
    write_bytes(dir.file("empty.safetensors"), "");
    EXPECT_THAT(error_of(LK_ERR_FORMAT, [&] { SafetensorsFile::open(dir.file("empty.safetensors")); }),
                HasSubstr("'" + dir.file("empty.safetensors") + "' is not a valid safetensors "
                          "file: it is 0 bytes long"));
    write_bytes(dir.file("text.safetensors"), "just some text, not a model");
    EXPECT_THAT(error_of(LK_ERR_FORMAT, [&] { SafetensorsFile::open(dir.file("text.safetensors")); }),
                HasSubstr(dir.file("text.safetensors")));
}

TEST(Safetensors, OpenMissingFileIsAnIoError) {
    TempDirectory dir;
    EXPECT_THAT(error_of(LK_ERR_IO, [&] { SafetensorsFile::open(dir.file("none.safetensors")); }),
                HasSubstr(dir.file("none.safetensors")));
}

// Input the writer must refuse, before it creates any file.
struct BadInput {
    std::string test_name;
    std::function<Named()> tensors;
    std::map<std::string, std::string> metadata;
    std::string message_part;
};

const std::vector<BadInput> kBadInput = {
    {"EmptyName", [] { return Named{{"a", at::empty({1})}, {"", at::empty({1})}}; }, {},
     "tensor #2 of 2 has an empty name"},
    {"DuplicateName", [] { return Named{{"a", at::empty({1})}, {"a", at::empty({2})}}; }, {},
     "two tensors are named 'a'; expected unique names"},
    {"ReservedName", [] { return Named{{"__metadata__", at::empty({1})}}; }, {},
     "named '__metadata__', which safetensors reserves for the metadata"},
    {"NonUtf8Name", [] { return Named{{"caf\xe9", at::empty({1})}}; }, {},
     "the tensor name 'caf\\xE9' is not valid UTF-8"},
    {"NonUtf8Metadata", [] { return Named{{"a", at::empty({1})}}; }, {{"k", "\xff"}},
     "the metadata value '\\xFF' is not valid UTF-8"},
    {"UnsupportedDtype",
     [] { return Named{{"z", at::empty({2}, at::TensorOptions().dtype(at::kComplexFloat))}}; },
     {}, "tensor 'z' has dtype ComplexFloat, which a safetensors file cannot hold; expected one "
         "of Double, Float"},
    {"UndefinedTensor", [] { return Named{{"u", at::Tensor()}}; }, {}, "tensor 'u' is undefined"},
    {"MetaTensor", [] { return Named{{"m", at::empty({2}, at::TensorOptions().device(at::kMeta))}}; },
     {}, "tensor 'm' is on the meta device, which holds no data"},
};

void PrintTo(const BadInput& input, std::ostream* out) { *out << input.test_name; }

class WriterRefuses : public ::testing::TestWithParam<BadInput> {};

TEST_P(WriterRefuses, WithAnInvalidArgumentAndWritesNothing) {
    TempDirectory dir;
    const std::string message = error_of(LK_ERR_INVALID_ARGUMENT, [&] {
        write_safetensors(dir.file("out.safetensors"), GetParam().tensors(), GetParam().metadata);
    });
    EXPECT_THAT(message, HasSubstr(GetParam().message_part));
    EXPECT_TRUE(dir.entries().empty());
}

INSTANTIATE_TEST_SUITE_P(Safetensors, WriterRefuses, ::testing::ValuesIn(kBadInput),
                         [](const auto& info) { return info.param.test_name; });

TEST(Safetensors, WriterRefusesAHeaderThatReadersWouldRefuse) {
    TempDirectory dir;
    const std::map<std::string, std::string> metadata = {
        {"huge", std::string(kSafetensorsMaxHeaderSize, 'x')}};
    const std::string message = error_of(LK_ERR_INVALID_ARGUMENT, [&] {
        write_safetensors(dir.file("out.safetensors"), {{"a", at::empty({1})}}, metadata);
    });
    EXPECT_THAT(message, HasSubstr("expected at most 100000000, which readers accept"));
    EXPECT_TRUE(dir.entries().empty());
}

// Caps the size of files this process may write, so that a write fails part-way through, as
// on a full disk; SIGXFSZ is ignored so that write() reports EFBIG instead of killing us.
class FileSizeLimit {
public:
    explicit FileSizeLimit(rlim_t bytes) {
        previous_handler_ = std::signal(SIGXFSZ, SIG_IGN);
        ::getrlimit(RLIMIT_FSIZE, &previous_);
        rlimit limited = previous_;
        limited.rlim_cur = bytes;
        ::setrlimit(RLIMIT_FSIZE, &limited);
    }
    ~FileSizeLimit() {
        ::setrlimit(RLIMIT_FSIZE, &previous_);
        std::signal(SIGXFSZ, previous_handler_);
    }

private:
    rlimit previous_{};
    void (*previous_handler_)(int);
};

TEST(Safetensors, FailedWriteLeavesNoTemporaryFileAndKeepsTheOldFile) {
    TempDirectory dir;
    write_bytes(dir.file("old.safetensors"), "the previous model");
    const Named big = {{"big", at::empty({1 << 18})}};  // 1 MiB of F32
    {
        const FileSizeLimit limit(64 * 1024);
        for (const char* name : {"old.safetensors", "new.safetensors"}) {
            SCOPED_TRACE(name);
            EXPECT_THAT(error_of(LK_ERR_IO, [&] { write_safetensors(dir.file(name), big); }),
                        HasSubstr("cannot write '" + dir.file(name) + "': File too large"));
        }
    }
    EXPECT_EQ(dir.entries(), std::vector<std::string>{"old.safetensors"});
    EXPECT_EQ(read_bytes(dir.file("old.safetensors")), "the previous model");
}

}  // namespace
}  // namespace lk::io
