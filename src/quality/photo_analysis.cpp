#include "quality/photo_analysis.h"

#include "core/error.h"

#include <nlohmann/json.hpp>

#include <cmath>

namespace lk::quality {

void check_photo_analysis(const PhotoAnalysis& photo) {
    const std::string name = printable(photo.source);
    if (photo.width == 0 || photo.height == 0)
        fail(LK_ERR_INVALID_ARGUMENT, "photo {}: size {}x{}; expected a width and height above 0",
             name, photo.width, photo.height);
    if (photo.quality.size() != photo.faces.size())
        fail(LK_ERR_INVALID_ARGUMENT,
             "photo {}: {} quality entries for {} faces; expected one per face, in the same order",
             name, photo.quality.size(), photo.faces.size());
    for (size_t f = 0; f < photo.faces.size(); ++f) {
        const face::Face& face = photo.faces[f];
        for (size_t i = 0; i < face.landmarks.size(); ++i)
            if (!std::isfinite(face.landmarks[i].x) || !std::isfinite(face.landmarks[i].y))
                fail(LK_ERR_INVALID_ARGUMENT, "photo {}: face {} landmark {} is not finite", name,
                     f, i);
        for (float v : face.descriptor)
            if (!std::isfinite(v))
                fail(LK_ERR_INVALID_ARGUMENT, "photo {}: face {} has a non-finite descriptor value",
                     name, f);
    }
}

void check_options(std::initializer_list<OptionRange> options) {
    for (const OptionRange& o : options)
        if (!(o.value >= o.low && o.value <= o.high))
            fail(LK_ERR_INVALID_ARGUMENT, "option {} is {}; expected a number from {} to {}",
                 o.name, o.value, o.low, o.high);
}

nlohmann::json to_json(const std::vector<Reason>& reasons) {
    nlohmann::json out = nlohmann::json::array();
    for (const Reason& r : reasons) out.push_back({{"code", r.code}, {"message", r.message}});
    return out;
}

std::optional<double> raw_value(const FaceQuality& quality, std::string_view id) {
    const MeasureResult* m = quality.find(id);
    return m ? std::optional<double>(m->raw) : std::nullopt;
}

std::optional<double> component(const FaceQuality& quality, std::string_view id) {
    const MeasureResult* m = quality.find(id);
    return m ? std::optional<double>(m->component) : std::nullopt;
}

}  // namespace lk::quality
