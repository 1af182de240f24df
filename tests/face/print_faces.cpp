#include "face/analyzer.h"
#include "io/image_file.h"
#include <chrono>
#include <cstdio>
int main(int argc, char** argv) {
    lk::face::AnalyzerOptions o;
    if (argc > 2) o.detector = lk::face::DetectorKind::tiny, o.tiny_landmarks = true, o.descriptors = false;
    lk::face::Analyzer a("/work/main/models/face-api", o);
    lk::Image img = lk::io::load_image(argv[1], 3);
    for (int it = 0; it < 3; ++it) {
        auto t0 = std::chrono::steady_clock::now();
        auto faces = a.analyze(img.view());
        auto t1 = std::chrono::steady_clock::now();
        std::printf("%zu faces %.1f ms\n", faces.size(), std::chrono::duration<double, std::milli>(t1 - t0).count());
        if (it == 0) for (auto& f : faces) std::printf("  %.4f box %.2f %.2f %.2f %.2f lm0 %.2f %.2f lm30 %.2f %.2f d0 %.4f\n", f.detection.score, f.detection.box.x, f.detection.box.y, f.detection.box.width, f.detection.box.height, f.landmarks[0].x, f.landmarks[0].y, f.landmarks[30].x, f.landmarks[30].y, f.descriptor.empty() ? 0.f : f.descriptor[0]);
    }
}
