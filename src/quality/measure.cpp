#include "quality/measure.h"

#include "core/error.h"
#include "quality/compression_artifacts.h"
#include "quality/crop_margin.h"
#include "quality/detector_confidence.h"
#include "quality/dynamic_range.h"
#include "quality/eyes_open.h"
#include "quality/face_region.h"
#include "quality/face_size.h"
#include "quality/head_pose.h"
#include "quality/head_size.h"
#include "quality/illumination_uniformity.h"
#include "quality/inter_eye_distance.h"
#include "quality/luminance_mean.h"
#include "quality/luminance_variance.h"
#include "quality/mouth_closed.h"
#include "quality/natural_colour.h"
#include "quality/over_exposure.h"
#include "quality/sharpness.h"
#include "quality/single_face_present.h"
#include "quality/under_exposure.h"

#include <cmath>

namespace lk::quality {

MeasureInput make_measure_input(const lk_image_view& photo, std::vector<face::Face> faces,
                                std::size_t judged, uint32_t crop_size) {
    check_view(&photo);
    if (photo.channels != 3)
        fail(LK_ERR_INVALID_ARGUMENT,
             "quality measures need an 8-bit RGB photo (3 channels), got {} channel(s)",
             photo.channels);
    if (judged >= faces.size())
        fail(LK_ERR_INVALID_ARGUMENT, "face {} was asked for, but the photo has {} face(s)", judged,
             faces.size());
    for (std::size_t i = 0; i < faces.size(); ++i) {
        const face::Detection& d = faces[i].detection;
        if (!std::isfinite(d.box.x) || !std::isfinite(d.box.y) || !(d.box.width >= 0) ||
            !(d.box.height >= 0) || !std::isfinite(d.box.area()) || !std::isfinite(d.score))
            fail(LK_ERR_INVALID_ARGUMENT,
                 "face {}'s detection (box {} {} {} {}, score {}) is not finite or has a negative "
                 "size",
                 i, d.box.x, d.box.y, d.box.width, d.box.height, d.score);
    }
    for (std::size_t i = 0; i < faces[judged].landmarks.size(); ++i) {
        const face::Point p = faces[judged].landmarks[i];
        if (!std::isfinite(p.x) || !std::isfinite(p.y))
            fail(LK_ERR_INVALID_ARGUMENT, "landmark {} of face {} is not finite ({}, {})", i,
                 judged, p.x, p.y);
    }
    face::AlignedFace aligned = face::align_face(photo, faces[judged].landmarks, crop_size);
    MeasureInput input{photo, std::move(faces), judged, std::move(aligned)};
    const Image& crop = input.aligned.crop;
    input.crop_luminance = luminance(crop.view());
    input.hull = hull_mask(input.aligned.landmarks, crop.width(), crop.height());
    input.histogram = histogram(input.crop_luminance, input.hull);
    return input;
}

std::vector<std::unique_ptr<Measure>> all_measures() {
    std::vector<std::unique_ptr<Measure>> measures;
    measures.push_back(std::make_unique<DetectorConfidence>());
    measures.push_back(std::make_unique<FaceSize>());
    measures.push_back(std::make_unique<InterEyeDistance>());
    measures.push_back(std::make_unique<HeadSize>());
    for (auto side : {CropMargin::Side::left, CropMargin::Side::right, CropMargin::Side::top,
                      CropMargin::Side::bottom})
        measures.push_back(std::make_unique<CropMargin>(side));
    for (auto axis : {HeadPoseAngle::Axis::yaw, HeadPoseAngle::Axis::pitch, HeadPoseAngle::Axis::roll})
        measures.push_back(std::make_unique<HeadPoseAngle>(axis));
    measures.push_back(std::make_unique<EyesOpen>());
    measures.push_back(std::make_unique<MouthClosed>());
    measures.push_back(std::make_unique<Sharpness>());
    measures.push_back(std::make_unique<LuminanceMean>());
    measures.push_back(std::make_unique<LuminanceVariance>());
    measures.push_back(std::make_unique<UnderExposure>());
    measures.push_back(std::make_unique<OverExposure>());
    measures.push_back(std::make_unique<DynamicRange>());
    measures.push_back(std::make_unique<IlluminationUniformity>());
    measures.push_back(std::make_unique<NaturalColour>());
    measures.push_back(std::make_unique<CompressionArtifacts>());
    measures.push_back(std::make_unique<SingleFacePresent>());
    return measures;
}

}  // namespace lk::quality
