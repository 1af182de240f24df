// contact_sheet OUT IN...: tiles images side by side at a common height into one PNG.
// Shows the C++ wrapper: RAII images, exceptions, and borrowing the caller's own pixel memory.
#include <likeness/likeness.hpp>

#include <cstdio>
#include <algorithm>
#include <cstring>
#include <vector>

int main(int argc, char** argv) {
    if (argc < 3) {
        std::fprintf(stderr, "usage: contact_sheet OUT IN...\n");
        return 2;
    }
    constexpr uint32_t height = 160, gap = 8;
    try {
        likeness::check_abi();
        std::vector<likeness::Image> tiles;
        uint32_t width = gap;
        for (int i = 2; i < argc; ++i) {
            const likeness::Image rgb = likeness::convert(likeness::Image::load(argv[i]), 3);
            const uint32_t w = std::max<uint32_t>(1, rgb.width() * height / rgb.height());
            tiles.push_back(likeness::resize(rgb, w, height));
            width += w + gap;
        }
        // The sheet lives in our own buffer; the SDK only borrows it to save.
        const uint32_t sheet_height = height + 2 * gap;
        std::vector<uint8_t> sheet(size_t(width) * sheet_height * 3, 255);
        uint32_t x = gap;
        for (const likeness::Image& tile : tiles) {
            const lk_image_view v = tile.view();
            for (uint32_t y = 0; y < v.height; ++y)
                std::memcpy(&sheet[(size_t(y + gap) * width + x) * 3], v.data + y * v.stride,
                            size_t(v.width) * 3);
            x += v.width + gap;
        }
        likeness::save(lk_image_view{width, sheet_height, 3, size_t(width) * 3, sheet.data()},
                       argv[1]);
        std::printf("%s: %ux%u, %zu tiles\n", argv[1], width, sheet_height, tiles.size());
    } catch (const likeness::Error& e) {
        std::fprintf(stderr, "contact_sheet: %s: %s\n", e.status_name(), e.what());
        return 1;
    }
    return 0;
}
