#include "face/analyzer.h"

#include "core/error.h"
#include "core/image.h"

#include <algorithm>
#include <cmath>
#include <optional>

namespace lk::face {

PixelRect clip_to_image(const Box& box, int64_t width, int64_t height) {
    const double x = std::max<double>(box.x, 0), y = std::max<double>(box.y, 0);
    const double w = std::min<double>(box.right() - x, width - x);
    const double h = std::min<double>(box.bottom() - y, height - y);
    PixelRect rect{static_cast<int64_t>(std::floor(x)), static_cast<int64_t>(std::floor(y)),
                   static_cast<int64_t>(std::floor(w)), static_cast<int64_t>(std::floor(h))};
    if (rect.width <= 0 || rect.height <= 0) return {};
    return rect;
}

namespace {

// face-api's dlib-style square for the recognition net: its side is the mean eye-to-mouth distance
// over 0.45, the eyes' and mouth's mean centre sits at (0.5, 0.43) of it. The side is limited by
// the landmark crop's size plus the corner, as face-api does.
Box descriptor_box(const Landmarks68& points, const PixelRect& landmark_crop) {
    const Point right_eye = centroid(points, landmark::right_eye_first, landmark::right_eye_last);
    const Point left_eye = centroid(points, landmark::left_eye_first, landmark::left_eye_last);
    const Point mouth = centroid(points, landmark::mouth_first, landmark::mouth_last);
    auto distance = [](Point a, Point b) { return std::hypot(a.x - b.x, a.y - b.y); };
    const float side = std::floor((distance(mouth, right_eye) + distance(mouth, left_eye)) / 2 / 0.45f);
    const float centre_x = (right_eye.x + left_eye.x + mouth.x) / 3, centre_y = (right_eye.y + left_eye.y + mouth.y) / 3;
    const float x = std::floor(std::max(0.0f, centre_x - 0.5f * side));
    const float y = std::floor(std::max(0.0f, centre_y - 0.43f * side));
    return {x, y, std::min(side, landmark_crop.width + x), std::min(side, landmark_crop.height + y)};
}

}  // namespace

Analyzer::Analyzer(const std::string& model_directory, const AnalyzerOptions& options) : options_(options) {
    if (!(options.min_confidence > 0 && options.min_confidence < 1))
        fail(LK_ERR_INVALID_ARGUMENT, "min_confidence {} is out of range; expected a value in (0, 1)",
             options.min_confidence);
    if (options.max_faces == 0)
        fail(LK_ERR_INVALID_ARGUMENT, "max_faces is 0; expected at least 1");
    if (options.detector == DetectorKind::tiny &&
        (options.tiny_input_size < 32 || options.tiny_input_size > 1024 || options.tiny_input_size % 32 != 0))
        fail(LK_ERR_INVALID_ARGUMENT, "tiny_input_size {} is not a multiple of 32 in 32..1024",
             options.tiny_input_size);
    if (options.detector == DetectorKind::ssd_mobilenet_v1)
        ssd_ = std::make_unique<SsdMobilenetV1>(ModelWeights(model_directory, FaceModel::ssd_mobilenet_v1), options.placement);
    else
        tiny_ = std::make_unique<TinyFaceDetector>(ModelWeights(model_directory, FaceModel::tiny_face_detector), options.placement);
    const FaceModel landmark_model = options.tiny_landmarks ? FaceModel::landmarks_68_tiny : FaceModel::landmarks_68;
    landmarks_ = std::make_unique<LandmarkNet>(ModelWeights(model_directory, landmark_model), landmark_model, options.placement);
    if (options.descriptors)
        recognition_ = std::make_unique<RecognitionNet>(ModelWeights(model_directory, FaceModel::recognition), options.placement);
}

std::vector<Face> Analyzer::analyze(const lk_image_view& view) const {
    check_view(&view);
    std::optional<Image> converted;
    if (view.channels != 3) converted.emplace(convert_channels(view, 3));
    const lk_image_view rgb = converted ? converted->view() : view;

    const std::vector<Detection> detections =
        ssd_ ? ssd_->detect(rgb, options_.min_confidence, options_.max_faces)
             : tiny_->detect(rgb, options_.min_confidence, options_.max_faces, options_.tiny_input_size);
    std::vector<Face> faces;
    std::vector<PixelRect> crops;
    for (const Detection& detection : detections) {
        const PixelRect crop = clip_to_image(detection.box, rgb.width, rgb.height);
        if (crop.width == 0) continue;
        Face face;
        face.detection = detection;
        faces.push_back(std::move(face));
        crops.push_back(crop);
    }
    const std::vector<Landmarks68> landmarks = landmarks_->predict(rgb, crops);
    std::vector<PixelRect> descriptor_crops;
    for (size_t i = 0; i < faces.size(); ++i) {
        // face-api shifts by the detection's own corner, not the floored crop's.
        for (int p = 0; p < 68; ++p)
            faces[i].landmarks[p] = {landmarks[i][p].x + faces[i].detection.box.x,
                                     landmarks[i][p].y + faces[i].detection.box.y};
        faces[i].descriptor_box = descriptor_box(faces[i].landmarks, crops[i]);
        descriptor_crops.push_back(clip_to_image(faces[i].descriptor_box, rgb.width, rgb.height));
    }
    if (recognition_) {
        // A face whose landmarks fall outside the image entirely keeps an empty descriptor.
        std::vector<PixelRect> usable;
        std::vector<size_t> owner;
        for (size_t i = 0; i < descriptor_crops.size(); ++i)
            if (descriptor_crops[i].width > 0) usable.push_back(descriptor_crops[i]), owner.push_back(i);
        std::vector<std::vector<float>> descriptors = recognition_->describe(rgb, usable);
        for (size_t k = 0; k < owner.size(); ++k) faces[owner[k]].descriptor = std::move(descriptors[k]);
    }
    return faces;
}

}  // namespace lk::face
