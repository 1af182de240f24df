#include "face/annotate.h"

#include "core/error.h"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdint>
#include <string>

namespace lk::face {
namespace {

struct Colour {
    uint8_t r, g, b;
};

constexpr Colour black{0, 0, 0};
constexpr Colour box_colour{0, 255, 0};
constexpr Colour landmark_colour{0, 255, 255};
constexpr Colour text_colour{255, 255, 255};

// Digits and '.' in 3x5 cells, one row per entry, the high bit of the three on the left: the
// least a score needs, legible at any integer scale.
constexpr int glyph_width = 3, glyph_height = 5;
constexpr std::array<std::array<uint8_t, glyph_height>, 11> glyphs = {{
    {7, 5, 5, 5, 7}, {2, 6, 2, 2, 7}, {7, 1, 7, 4, 7}, {7, 1, 7, 1, 7}, {5, 5, 7, 1, 1},
    {7, 4, 7, 1, 7}, {7, 4, 7, 5, 7}, {7, 1, 1, 1, 1}, {7, 5, 7, 5, 7}, {7, 5, 7, 1, 7},
    {0, 0, 0, 0, 2},
}};

// Far enough outside any image to draw nothing there, near enough to stay exact in int64_t.
int64_t to_pixel(double v) { return int64_t(std::clamp(v, -1e9, 1e9)); }

void check_finite(const Face& face, size_t index) {
    const Box& b = face.detection.box;
    bool finite = std::isfinite(b.x) && std::isfinite(b.y) && std::isfinite(b.width) &&
                  std::isfinite(b.height) && std::isfinite(face.detection.score);
    for (const Point& p : face.landmarks) finite = finite && std::isfinite(p.x) && std::isfinite(p.y);
    if (!finite)
        fail(LK_ERR_INVALID_ARGUMENT, "face {} has a NaN or infinite score, box or landmark; "
             "expected the finite values an analysis reports", index);
}

const std::array<uint8_t, glyph_height>& glyph_of(char c) { return glyphs[c == '.' ? 10 : c - '0']; }

// Pixels of an RGB or RGBA image, every drawing clipped to it.
class Canvas {
public:
    explicit Canvas(Image& image) : image_(image) {}

    // The half-open rectangle [x0, x1) x [y0, y1).
    void fill(int64_t x0, int64_t y0, int64_t x1, int64_t y1, Colour colour) {
        x0 = std::max<int64_t>(x0, 0), y0 = std::max<int64_t>(y0, 0);
        x1 = std::min<int64_t>(x1, image_.width()), y1 = std::min<int64_t>(y1, image_.height());
        for (int64_t y = y0; y < y1; ++y)
            for (int64_t x = x0; x < x1; ++x) set(x, y, colour);
    }

    void disc(double cx, double cy, double radius, Colour colour) {
        const int64_t x0 = to_pixel(std::floor(cx - radius)), x1 = to_pixel(std::ceil(cx + radius));
        const int64_t y0 = to_pixel(std::floor(cy - radius)), y1 = to_pixel(std::ceil(cy + radius));
        for (int64_t y = std::max<int64_t>(y0, 0); y < std::min<int64_t>(y1, image_.height()); ++y)
            for (int64_t x = std::max<int64_t>(x0, 0); x < std::min<int64_t>(x1, image_.width()); ++x)
                if (std::hypot(x + 0.5 - cx, y + 0.5 - cy) <= radius) set(x, y, colour);
    }

    // A band `thickness` wide centred on the outline of [x0, x1) x [y0, y1); one pixel wide, it
    // is the rectangle's own outermost pixels.
    void frame(int64_t x0, int64_t y0, int64_t x1, int64_t y1, int64_t thickness, Colour colour) {
        const int64_t out = thickness / 2, in = thickness - out;
        fill(x0 - out, y0 - out, x1 + out, y0 + in, colour);
        fill(x0 - out, y1 - in, x1 + out, y1 + out, colour);
        fill(x0 - out, y0 - out, x0 + in, y1 + out, colour);
        fill(x1 - in, y0 - out, x1 + out, y1 + out, colour);
    }

private:
    void set(int64_t x, int64_t y, Colour colour) {
        uint8_t* pixel = image_.data() + (size_t(y) * image_.width() + size_t(x)) * image_.channels();
        pixel[0] = colour.r, pixel[1] = colour.g, pixel[2] = colour.b;
    }

    Image& image_;
};

// `text` (digits and '.') on a black label whose bottom-left corner is (x, bottom), each font
// pixel `scale` image pixels.
void label(Canvas& canvas, const std::string& text, int64_t x, int64_t bottom, int64_t scale) {
    const int64_t advance = (glyph_width + 1) * scale;
    const int64_t height = (glyph_height + 2) * scale;
    canvas.fill(x, bottom - height, x + int64_t(text.size()) * advance + scale, bottom, black);
    for (size_t i = 0; i < text.size(); ++i) {
        const auto& rows = glyph_of(text[i]);
        const int64_t left = x + scale + int64_t(i) * advance, top = bottom - height + scale;
        for (int row = 0; row < glyph_height; ++row)
            for (int column = 0; column < glyph_width; ++column)
                if (rows[row] >> (glyph_width - 1 - column) & 1)
                    canvas.fill(left + column * scale, top + row * scale, left + (column + 1) * scale,
                                top + (row + 1) * scale, text_colour);
    }
}

}  // namespace

Image annotate(const lk_image_view& view, const std::vector<Face>& faces) {
    const bool alpha = view.channels == 2 || view.channels == 4;
    Image image = convert_channels(view, alpha ? 4 : 3);
    Canvas canvas(image);
    // One line per 400 pixels of the shorter side: a 4000x3000 photo shown 1000 wide keeps
    // lines of about two screen pixels.
    const int64_t line = std::max<int64_t>(1, std::lround(std::min(view.width, view.height) / 400.0));
    const int64_t text_scale = 2 * line;
    for (size_t i = 0; i < faces.size(); ++i) check_finite(faces[i], i);
    for (const Face& face : faces) {
        const Box& b = face.detection.box;
        const int64_t x0 = to_pixel(std::floor(b.x)), y0 = to_pixel(std::floor(b.y));
        const int64_t x1 = to_pixel(std::ceil(double(b.x) + b.width));
        const int64_t y1 = to_pixel(std::ceil(double(b.y) + b.height));
        canvas.frame(x0, y0, x1, y1, line + 2, black);
        canvas.frame(x0, y0, x1, y1, line, box_colour);
        // Outlines first: dense points would otherwise black out their neighbours.
        for (const Point& p : face.landmarks) canvas.disc(p.x, p.y, line + 1.0, black);
        for (const Point& p : face.landmarks) canvas.disc(p.x, p.y, line, landmark_colour);
        // Above the box where there is room, else just inside its top edge.
        const int64_t label_height = (glyph_height + 2) * text_scale;
        const int64_t above = y0 - line - 1;
        const int64_t bottom = above >= label_height ? above : y0 + line + 1 + label_height;
        const float score = std::clamp(face.detection.score, 0.0f, 1.0f);
        label(canvas, fmt::format("{:.2f}", score), x0 - line / 2 - 1, bottom, text_scale);
    }
    return image;
}

}  // namespace lk::face
