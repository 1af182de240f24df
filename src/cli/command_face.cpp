#include "commands.h"

#include <likeness/likeness.hpp>

#include <fmt/format.h>

#include <cstdlib>

namespace lk::cli {

namespace {

// --models, else $LIKENESS_FACE_MODELS, else models/face-api where the setup puts it.
std::string model_directory(Arguments& args) {
    if (auto given = args.take_option("--models")) return *given;
    if (const char* from_environment = std::getenv("LIKENESS_FACE_MODELS")) return from_environment;
    return "models/face-api";
}

likeness::FaceOptions face_options(Arguments& args) {
    likeness::FaceOptions options;
    if (args.take_choice("--detector", {"ssd", "tiny"}).value_or("ssd") == "tiny")
        options.detector = LK_FACE_DETECTOR_TINY;
    return options;
}

nlohmann::json box_json(const lk_face_box& b) {
    return {{"x", b.x}, {"y", b.y}, {"width", b.width}, {"height", b.height}};
}

nlohmann::json face_json(const likeness::Face& face) {
    nlohmann::json landmarks = nlohmann::json::array();
    for (const lk_face_point& p : face.landmarks) landmarks.push_back({p.x, p.y});
    nlohmann::json measures = nlohmann::json::object();
    for (const likeness::QualityMeasure& m : face.measures)
        measures[m.id] = {{"raw", m.raw}, {"component", m.component}};
    return {{"score", face.score},
            {"box", box_json(face.box)},
            {"landmarks", landmarks},
            {"descriptor", face.descriptor ? nlohmann::json(*face.descriptor) : nullptr},
            {"descriptor_box", box_json(face.descriptor_box)},
            {"quality", face.quality ? nlohmann::json(*face.quality) : nullptr},
            {"measures", measures}};
}

void print_face(size_t index, const likeness::Face& face) {
    const lk_face_box& b = face.box;
    fmt::print("  face {}: score {:.2f}, box {:.0f},{:.0f} {:.0f}x{:.0f}", index + 1, face.score, b.x,
               b.y, b.width, b.height);
    if (face.quality) fmt::print(", quality {:.0f}/100", *face.quality);
    fmt::print("\n");
}

}  // namespace

void run_face_analyze(Arguments& args, Output& out) {
    const std::string models = model_directory(args);
    const likeness::FaceOptions options = face_options(args);
    const std::optional<std::string> annotated = args.take_option("--annotate");
    const std::string path = args.positionals(1)[0];

    const likeness::Image image = likeness::Image::load(path);
    const likeness::Context context;
    const likeness::FaceAnalyzer analyzer = likeness::FaceAnalyzer::open(context, models, options);
    const likeness::FaceReport report = analyzer.analyze(image);
    if (annotated) likeness::save(likeness::annotate(image, report), *annotated);

    nlohmann::json faces = nlohmann::json::array();
    for (const likeness::Face& face : report.faces) faces.push_back(face_json(face));
    out.result = {{"path", path}, {"width", report.width}, {"height", report.height}, {"faces", faces}};
    if (annotated) out.result["annotated"] = *annotated;
    if (out.json) return;
    fmt::print("{}: {}x{}, {}\n", path, report.width, report.height,
               report.faces.empty()       ? std::string("no face")
               : report.faces.size() == 1 ? std::string("1 face")
                                          : fmt::format("{} faces", report.faces.size()));
    for (size_t i = 0; i < report.faces.size(); ++i) print_face(i, report.faces[i]);
    if (annotated) fmt::print("  annotated copy: {}\n", *annotated);
}

}  // namespace lk::cli
