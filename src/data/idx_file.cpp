#include "data/idx_file.h"

#include "core/error.h"
#include "io/file.h"

#include <fmt/ranges.h>
#include <zlib.h>

#include <algorithm>
#include <climits>
#include <cstring>
#include <memory>

namespace lk::data {
namespace {

// Deflate's largest expansion is about 1032:1 (a run of 258 bytes coded in 2 bits), so a
// stream of n bytes can never inflate to more than this many times n.
constexpr uint64_t kDeflateMaxRatio = 1032;

// The bytes after the magic: raw, or inflated from a gzip stream, read front to back.
class ByteSource {
public:
    virtual ~ByteSource() = default;
    // Fills `out` with up to `size` bytes; fewer only where the data ends.
    virtual size_t read(uint8_t* out, size_t size) = 0;
    // Whether every byte has been read.
    virtual bool exhausted() = 0;
};

class RawSource final : public ByteSource {
public:
    RawSource(const uint8_t* data, size_t size) : data_(data), size_(size) {}
    size_t read(uint8_t* out, size_t size) override {
        const size_t count = std::min(size, size_ - position_);
        if (count) std::memcpy(out, data_ + position_, count);
        position_ += count;
        return count;
    }
    bool exhausted() override { return position_ == size_; }
    size_t remaining() const { return size_ - position_; }

private:
    const uint8_t* data_;
    size_t size_;
    size_t position_ = 0;
};

class GzipSource final : public ByteSource {
public:
    GzipSource(const uint8_t* data, size_t size, const std::string& source)
        : data_(data), size_(size), source_(source) {
        // 16 + MAX_WBITS: a gzip wrapper, whose CRC-32 and length zlib checks at the end.
        if (inflateInit2(&stream_, 16 + MAX_WBITS) != Z_OK)
            fail(LK_ERR_OUT_OF_MEMORY, "cannot start inflating '{}'", printable(source_));
    }
    ~GzipSource() override { inflateEnd(&stream_); }
    GzipSource(const GzipSource&) = delete;
    GzipSource& operator=(const GzipSource&) = delete;

    size_t read(uint8_t* out, size_t size) override {
        size_t produced = 0;
        while (produced < size && !ended_) {
            if (stream_.avail_in == 0 && fed_ < size_) {
                const size_t chunk = std::min<size_t>(size_ - fed_, UINT_MAX);
                stream_.next_in = const_cast<Bytef*>(data_ + fed_);
                stream_.avail_in = uInt(chunk);
                fed_ += chunk;
            }
            const size_t want = std::min<size_t>(size - produced, UINT_MAX);
            stream_.next_out = out + produced;
            stream_.avail_out = uInt(want);
            const int status = inflate(&stream_, Z_NO_FLUSH);
            produced += want - stream_.avail_out;
            if (status == Z_STREAM_END) {
                ended_ = true;
            } else if (status == Z_BUF_ERROR) {
                break;  // no progress possible: the input is used up before the stream's end
            } else if (status != Z_OK) {
                fail(LK_ERR_FORMAT, "'{}' is a damaged gzip stream: {}", printable(source_),
                     stream_.msg ? stream_.msg : "zlib error " + std::to_string(status));
            }
        }
        if (produced < size && !ended_)
            fail(LK_ERR_FORMAT, "'{}' is a truncated gzip stream: it ends before its gzip "
                 "trailer", printable(source_));
        return produced;
    }

    bool exhausted() override {
        if (!ended_) {
            uint8_t extra;
            if (read(&extra, 1) == 1) return false;
        }
        if (stream_.avail_in > 0 || fed_ < size_)
            fail(LK_ERR_FORMAT, "'{}' has {} bytes after its gzip stream; expected one gzip "
                 "member and nothing after it", printable(source_), stream_.avail_in + size_ - fed_);
        return true;
    }

private:
    const uint8_t* data_;
    size_t size_;
    std::string source_;
    z_stream stream_{};
    size_t fed_ = 0;
    bool ended_ = false;
};

const char* dtype_name(uint8_t dtype) {
    switch (dtype) {
        case 0x08: return "unsigned byte";
        case 0x09: return "signed byte";
        case 0x0B: return "int16";
        case 0x0C: return "int32";
        case 0x0D: return "float32";
        case 0x0E: return "float64";
        default: return "unknown";
    }
}

}  // namespace

IdxArray parse_idx(const uint8_t* data, size_t size, const std::string& source) {
    const std::string name = printable(source);
    const bool gzip = size >= 2 && data[0] == 0x1f && data[1] == 0x8b;
    std::unique_ptr<ByteSource> bytes;
    if (gzip)
        bytes = std::make_unique<GzipSource>(data, size, source);
    else
        bytes = std::make_unique<RawSource>(data, size);

    uint8_t magic[4];
    const size_t magic_size = bytes->read(magic, 4);
    if (magic_size < 4)
        fail(LK_ERR_FORMAT, "'{}' is not an idx file: it holds {} bytes, fewer than the 4 of an "
             "idx magic", name, magic_size);
    if (magic[0] != 0 || magic[1] != 0)
        fail(LK_ERR_FORMAT, "'{}' is not an idx file: it starts with {:02x} {:02x}; an idx magic "
             "starts with 00 00", name, magic[0], magic[1]);
    if (magic[2] != 0x08)
        fail(LK_ERR_FORMAT, "'{}' holds {} values (idx dtype 0x{:02x}); only unsigned bytes "
             "(0x08) are read", name, dtype_name(magic[2]), magic[2]);
    const unsigned rank = magic[3];
    if (rank == 0)
        fail(LK_ERR_FORMAT, "'{}' declares 0 dimensions; expected 1 or more", name);

    IdxArray array;
    uint64_t count = 1;
    for (unsigned d = 0; d < rank; ++d) {
        uint8_t big_endian[4];
        if (bytes->read(big_endian, 4) < 4)
            fail(LK_ERR_FORMAT, "'{}' ends inside its idx header: it declares {} dimensions but "
                 "holds only {}", name, rank, d);
        const uint64_t dimension = uint64_t(big_endian[0]) << 24 | uint64_t(big_endian[1]) << 16 |
                                   uint64_t(big_endian[2]) << 8 | big_endian[3];
        array.shape.push_back(int64_t(dimension));
        // Both factors are below 2^33, so the product cannot overflow 64 bits.
        count *= dimension;
        if (count > kIdxMaxBytes)
            fail(LK_ERR_FORMAT, "'{}' declares more than {} values (dimensions so far: [{}]); at "
                 "most {} are read", name, kIdxMaxBytes, fmt::join(array.shape, ", "), kIdxMaxBytes);
    }
    const uint64_t header_size = 4 + 4 * uint64_t(rank);

    if (gzip) {
        if (count > uint64_t(size) * kDeflateMaxRatio)
            fail(LK_ERR_FORMAT, "'{}' declares shape [{}] ({} values) but a gzip stream of {} "
                 "bytes inflates to at most {}", name, fmt::join(array.shape, ", "), count, size,
                 uint64_t(size) * kDeflateMaxRatio);
    } else {
        const size_t remaining = static_cast<RawSource&>(*bytes).remaining();
        if (remaining != count)
            fail(LK_ERR_FORMAT, "'{}' declares shape [{}], {} values, but holds {} bytes after "
                 "its {}-byte header; expected exactly {}", name, fmt::join(array.shape, ", "),
                 count, remaining, header_size, count);
    }

    try {
        array.values.resize(count);
    } catch (const std::bad_alloc&) {
        fail(LK_ERR_OUT_OF_MEMORY, "cannot allocate {} bytes for the values of '{}'", count, name);
    }
    const size_t read = bytes->read(array.values.data(), count);
    if (read < count)
        fail(LK_ERR_FORMAT, "'{}' is truncated: its shape [{}] needs {} values but it holds {}",
             name, fmt::join(array.shape, ", "), count, read);
    if (!bytes->exhausted())
        fail(LK_ERR_FORMAT, "'{}' holds more than the {} values its shape [{}] declares", name,
             count, fmt::join(array.shape, ", "));
    return array;
}

IdxArray read_idx_file(const std::string& path) {
    const std::vector<uint8_t> bytes = io::read_file(path);
    return parse_idx(bytes.data(), bytes.size(), path);
}

}  // namespace lk::data
