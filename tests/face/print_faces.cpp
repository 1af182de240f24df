// Our side of the face-api conformance check: the faces the SDK finds in photos, as JSON in the
// schema of data/face_api_reference.json.
// Usage: print_faces MODEL_DIR PHOTO... [--bfloat16] [--raw]   (--raw: each PHOTO is followed by
// WIDTH HEIGHT and names raw RGB bytes, the reference decoder's pixels, instead of an image file;
// --bfloat16: the nets run in bfloat16)
#include "face/analyzer.h"
#include "io/image_file.h"
#include "io/file.h"

#include <nlohmann/json.hpp>

#include <cstdio>
#include <cstring>
#include <exception>
#include <string>
#include <vector>

namespace {

using nlohmann::json;

json box_json(const lk::face::Box& b) { return {b.x, b.y, b.width, b.height}; }

json faces_json(const std::vector<lk::face::Face>& faces, bool descriptors) {
    json out = json::array();
    for (const lk::face::Face& f : faces) {
        json points = json::array();
        for (const lk::face::Point& p : f.landmarks) points.push_back({p.x, p.y});
        json face = {{"score", f.detection.score}, {"box", box_json(f.detection.box)}, {"landmarks", points}};
        if (descriptors) {
            face["descriptor_box"] = box_json(f.descriptor_box);
            face["descriptor"] = f.descriptor;
        }
        out.push_back(face);
    }
    return out;
}

}  // namespace

int main(int argc, char** argv) {
    try {
        if (argc < 3) {
            std::fprintf(stderr, "usage: print_faces MODEL_DIR PHOTO... [--raw]\n");
            return 2;
        }
        int end = argc;
        const bool raw = std::strcmp(argv[end - 1], "--raw") == 0;
        if (raw) --end;
        lk::face::AnalyzerOptions ssd_options;
        if (std::strcmp(argv[end - 1], "--bfloat16") == 0) ssd_options.placement.dtype = at::kBFloat16, --end;
        lk::face::AnalyzerOptions tiny_options = ssd_options;
        tiny_options.detector = lk::face::DetectorKind::tiny;
        tiny_options.tiny_landmarks = true;
        tiny_options.descriptors = false;
        const lk::face::Analyzer ssd(argv[1], ssd_options);
        const lk::face::Analyzer tiny(argv[1], tiny_options);
        json photos = json::array();
        for (int i = 2; i < end; i += raw ? 3 : 1) {
            const std::string path = argv[i];
            lk::Image image = raw ? lk::Image(std::stoul(argv[i + 1]), std::stoul(argv[i + 2]), 3)
                                  : lk::io::load_image(path, 3);
            if (raw) {
                const std::vector<uint8_t> bytes = lk::io::read_file(path);
                if (bytes.size() != size_t(image.width()) * image.height() * 3)
                    throw std::runtime_error(path + " does not hold WIDTH x HEIGHT RGB bytes");
                std::memcpy(image.data(), bytes.data(), bytes.size());
            }
            photos.push_back({{"file", path.substr(path.find_last_of('/') + 1)},
                              {"width", image.width()}, {"height", image.height()},
                              {"ssd", faces_json(ssd.analyze(image.view()), true)},
                              {"tiny", faces_json(tiny.analyze(image.view()), false)}});
        }
        std::printf("%s\n", json{{"photos", photos}}.dump().c_str());
    } catch (const std::exception& error) {
        std::fprintf(stderr, "print_faces: %s\n", error.what());
        return 1;
    }
    return 0;
}
