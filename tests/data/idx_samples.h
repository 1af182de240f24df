// Small idx files made in the tests: the bytes of an array, raw or gzip-compressed.
#pragma once

#include <gtest/gtest.h>
#include <zlib.h>

#include <cstdint>
#include <string>
#include <vector>

namespace lk::test {

// An idx file of unsigned bytes: magic 00 00 08 <rank>, big-endian dimensions, the values.
inline std::string idx_bytes(const std::vector<uint32_t>& shape, const std::vector<uint8_t>& values,
                             uint8_t dtype = 0x08) {
    std::string bytes{'\0', '\0', char(dtype), char(shape.size())};
    for (const uint32_t d : shape)
        for (int shift = 24; shift >= 0; shift -= 8) bytes.push_back(char(d >> shift & 0xff));
    bytes.append(values.begin(), values.end());
    return bytes;
}

// The bytes as one gzip member, as `gzip` writes them.
inline std::string gzip(const std::string& bytes) {
    z_stream stream{};
    if (deflateInit2(&stream, Z_BEST_COMPRESSION, Z_DEFLATED, 16 + MAX_WBITS, 8,
                     Z_DEFAULT_STRATEGY) != Z_OK)
        ADD_FAILURE() << "deflateInit2 failed";
    std::string out(deflateBound(&stream, uLong(bytes.size())), '\0');
    stream.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(bytes.data()));
    stream.avail_in = uInt(bytes.size());
    stream.next_out = reinterpret_cast<Bytef*>(out.data());
    stream.avail_out = uInt(out.size());
    if (deflate(&stream, Z_FINISH) != Z_STREAM_END) ADD_FAILURE() << "deflate did not finish";
    out.resize(stream.total_out);
    deflateEnd(&stream);
    return out;
}

inline std::vector<uint8_t> as_vector(const std::string& bytes) {
    return {bytes.begin(), bytes.end()};
}

}  // namespace lk::test
