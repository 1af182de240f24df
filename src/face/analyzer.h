// The face pipeline, as face-api runs it: detect, crop each detection for the landmark net, place
// the landmarks, crop the landmarks' bounds for the recognition net, describe.
#pragma once

#include "face/geometry.h"
#include "face/landmark_net.h"
#include "face/recognition_net.h"
#include "face/ssd_mobilenet.h"
#include "face/tiny_detector.h"

#include <likeness/image.h>


#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace lk::face {

enum class DetectorKind { ssd_mobilenet_v1, tiny };

struct AnalyzerOptions {
    DetectorKind detector = DetectorKind::ssd_mobilenet_v1;
    bool tiny_landmarks = false;     // the tiny 68-point net instead of the full one
    bool descriptors = true;         // run the recognition net
    float min_confidence = 0.5f;     // face-api's default for both detectors
    size_t max_faces = 100;
    int64_t tiny_input_size = 416;   // the tiny detector's square input, a multiple of 32
    // Where the nets run and in what precision; pre- and post-processing stay on the CPU in float.
    // bfloat16 runs the SSD 3x faster on a CPU with AVX-512 BF16 (BM_SsdDetection; GPUs not
    // measured) and moves results by about what two JPEG decoders do (docs/face.md).
    Placement placement;
};

class Analyzer {
public:
    // Loads, after checking their files, the models the options need from `model_directory`
    // (the folder the set-up fills: models/face-api). LK_ERR_INVALID_ARGUMENT for bad options.
    Analyzer(const std::string& model_directory, const AnalyzerOptions& options);

    // Every face in a 1-4 channel 8-bit view (gray is repeated, alpha ignored), best detection
    // first. Thread-safe: concurrent calls share the read-only weights.
    std::vector<Face> analyze(const lk_image_view& view) const;

    const AnalyzerOptions& options() const { return options_; }

private:
    AnalyzerOptions options_;
    std::unique_ptr<SsdMobilenetV1> ssd_;
    std::unique_ptr<TinyFaceDetector> tiny_;
    std::unique_ptr<LandmarkNet> landmarks_;
    std::unique_ptr<RecognitionNet> recognition_;
};

// A box as face-api cuts it out of an image: clipped to the image, then each of x, y, width and
// height floored; empty when nothing of the box is inside.
PixelRect clip_to_image(const Box& box, int64_t width, int64_t height);

}  // namespace lk::face
