// Analysed photos made to order for the quality checks' tests: a face drawn from the mean shape
// where the caller wants it, the quality measures the caller names, descriptors of made-up people.
#pragma once

#include "face/mean_shape.h"
#include "quality/photo_analysis.h"

#include <random>
#include <string>
#include <vector>

namespace lk::test {

// The mean face (or any landmarks in eye distances, origin between the eyes) placed with its
// eyes `eye_distance` px apart around (cx, cy).
inline face::Landmarks68 place(const face::Landmarks68& unit, float cx, float cy,
                               float eye_distance) {
    face::Landmarks68 out;
    for (size_t i = 0; i < unit.size(); ++i)
        out[i] = {cx + unit[i].x * eye_distance, cy + unit[i].y * eye_distance};
    return out;
}

inline face::Face face_at(float cx, float cy, float eye_distance, float score = 0.95f) {
    face::Face f;
    f.detection = {{cx - 1.2f * eye_distance, cy - 0.8f * eye_distance, 2.4f * eye_distance,
                    2.8f * eye_distance},
                   score};
    f.landmarks = place(face::mean_face_2d(), cx, cy, eye_distance);
    return f;
}

// A quality report of a good photo: every component 90, a frontal pose, the given eye distance.
inline quality::FaceQuality good_quality(double inter_eye_px) {
    namespace id = quality::measure_id;
    quality::FaceQuality q;
    q.measures = {{std::string(id::inter_eye_distance), inter_eye_px, 90},
                  {std::string(id::yaw), 0, 90},
                  {std::string(id::pitch), 0, 90},
                  {std::string(id::sharpness), 120, 90},
                  {std::string(id::eyes_open), 0.3, 90},
                  {std::string(id::under_exposure), 0.01, 90},
                  {std::string(id::over_exposure), 0.01, 90}};
    q.unified = 90;
    return q;
}

inline void set_measure(quality::FaceQuality& q, std::string_view id, double raw,
                        double component) {
    for (quality::MeasureResult& m : q.measures)
        if (m.id == id) {
            m.raw = raw;
            m.component = component;
            return;
        }
    q.measures.push_back({std::string(id), raw, component});
}

// A 512x512 photo with one good face, eyes 100 px apart.
inline quality::PhotoAnalysis good_photo(const std::string& source) {
    quality::PhotoAnalysis p;
    p.source = source;
    p.width = p.height = 512;
    p.faces = {face_at(256, 230, 100)};
    p.quality = {good_quality(100)};
    return p;
}

// Made-up 128-d descriptors: a person is a random direction of length about 1, as face-api's
// descriptors are; each photo of them adds noise that puts two photos about 0.35 apart.
class People {
public:
    explicit People(unsigned seed) : rng_(seed) {}

    std::vector<float> person() {
        std::normal_distribution<float> n(0, 1 / std::sqrt(128.0f));
        std::vector<float> d(128);
        for (float& v : d) v = n(rng_);
        return d;
    }

    std::vector<float> photo_of(const std::vector<float>& person, float spread = 0.022f) {
        std::normal_distribution<float> n(0, spread);
        std::vector<float> d = person;
        for (float& v : d) v += n(rng_);
        return d;
    }

private:
    std::mt19937 rng_;
};

}  // namespace lk::test
