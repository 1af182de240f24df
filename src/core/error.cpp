#include "core/error.h"

#include "core/utf8.h"

namespace lk {

std::string printable(std::string_view text) {
    std::string out;
    out.reserve(text.size());
    for (size_t i = 0; i < text.size();) {
        const size_t length = utf8_sequence_length(text, i);
        const unsigned char c = static_cast<unsigned char>(text[i]);
        if (length == 0 || (length == 1 && c < 0x20)) {
            out += fmt::format("\\x{:02X}", c);
            ++i;
        } else {
            out.append(text.substr(i, length));
            i += length;
        }
    }
    return out;
}

}  // namespace lk
