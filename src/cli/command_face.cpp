#include "commands.h"
#include "files.h"
#include "interrupt.h"

#include <likeness/likeness.hpp>

#include <fmt/format.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>

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
    options.bfloat16 = args.take_flag("--bfloat16");
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
    // What pulls the quality down, for a person deciding whether to retake the photo.
    std::vector<likeness::QualityMeasure> weakest = face.measures;
    std::sort(weakest.begin(), weakest.end(),
              [](const auto& a, const auto& b) { return a.component < b.component; });
    weakest.resize(std::min<size_t>(weakest.size(), 3));
    std::string list;
    for (const likeness::QualityMeasure& m : weakest)
        list += fmt::format("{}{} {:.0f}", list.empty() ? "" : ", ", m.id, m.component);
    if (!list.empty()) fmt::print("    weakest measures: {}\n", list);
}

// The files of a folder that filter judges: every regular file but hidden ones, sorted.
std::vector<std::string> files_in(const std::string& dir) {
    std::error_code error;
    if (!std::filesystem::is_directory(dir, error))
        throw likeness::Error(LK_ERR_IO, fmt::format("{} is not a folder", dir));
    std::vector<std::string> files;
    for (std::filesystem::directory_iterator it(dir, error), end; !error && it != end; it.increment(error))
        if (it->is_regular_file(error) && it->path().filename().string()[0] != '.')
            files.push_back(it->path().string());
    if (error) throw likeness::Error(LK_ERR_IO, fmt::format("cannot list {}: {}", dir, error.message()));
    std::sort(files.begin(), files.end());
    return files;
}

// The generated-face assessment of one file; a file that cannot be judged (not an image, too
// small) is rejected with the reason.
nlohmann::json assess_file(const likeness::FaceAnalyzer& analyzer, const std::string& file) {
    try {
        return nlohmann::json::parse(analyzer.assess_generated(likeness::Image::load(file)));
    } catch (const likeness::Error& e) {
        if (e.status() != LK_ERR_IO && e.status() != LK_ERR_FORMAT && e.status() != LK_ERR_INVALID_ARGUMENT)
            throw;
        return {{"keep", false},
                {"score", nullptr},
                {"reasons", {{{"code", "unreadable"}, {"message", e.what()}}}}};
    }
}

}  // namespace

void run_face_check_selfies(Arguments& args, Output&) {
    const std::string models = model_directory(args);
    const std::optional<std::string> json_path = args.take_option("--json");
    const std::vector<std::string> paths = args.at_least(1);
    const likeness::Context context;
    const likeness::FaceAnalyzer analyzer = likeness::FaceAnalyzer::open(context, models);
    const InterruptScope interrupt_scope(context);
    const likeness::FaceAnalyzer::SelfieCheck check = analyzer.check_selfies(paths);
    if (json_path) write_file(*json_path, check.json + "\n");
    fmt::print("{}", check.text);
    if (json_path) fmt::print("Report: {}\n", *json_path);
}

void run_face_filter(Arguments& args, Output& out) {
    const std::string models = model_directory(args);
    const std::optional<std::string> keep_dir = args.take_option("--keep");
    const std::optional<std::string> reject_dir = args.take_option("--reject");
    if (!keep_dir || !reject_dir) throw UsageError("--keep OUT_DIR and --reject REJECT_DIR are both needed");
    const std::string in_dir = args.positionals(1)[0];
    const std::vector<std::string> files = files_in(in_dir);
    const likeness::Context context;
    const likeness::FaceAnalyzer analyzer = likeness::FaceAnalyzer::open(context, models);
    make_directory(*keep_dir);
    make_directory(*reject_dir);
    // Ctrl-C stops between files; those already copied stay, and reasons.json is not written.
    const InterruptScope interrupt_scope(context);

    nlohmann::json kept = nlohmann::json::array(), rejected = nlohmann::json::array();
    for (const std::string& file : files) {
        const nlohmann::json assessment = assess_file(analyzer, file);
        const std::string name = std::filesystem::path(file).filename().string();
        const bool keep = assessment["keep"].get<bool>();
        copy_into(file, keep ? *keep_dir : *reject_dir);
        if (keep) {
            kept.push_back({{"file", name}, {"score", assessment["score"]}});
            continue;
        }
        rejected.push_back({{"file", name}, {"score", assessment["score"]}, {"reasons", assessment["reasons"]}});
        if (out.json) continue;
        std::string why;
        for (const nlohmann::json& reason : assessment["reasons"])
            why += (why.empty() ? "" : "; ") + reason["message"].get<std::string>();
        fmt::print("rejected {}: {}\n", name, why);
    }
    const std::string reasons = (std::filesystem::path(*reject_dir) / "reasons.json").string();
    write_file(reasons, rejected.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) + "\n");
    out.result = {{"kept", kept}, {"rejected", rejected}, {"reasons_file", reasons}};
    if (!out.json)
        fmt::print("{} of {} kept in {}; {} rejected into {} (reasons in {})\n", kept.size(), files.size(),
                   *keep_dir, rejected.size(), *reject_dir, reasons);
}

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
