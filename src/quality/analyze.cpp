#include "quality/analyze.h"

#include "core/image.h"
#include "quality/assess.h"
#include "quality/measure.h"

#include <ATen/Parallel.h>

#include <optional>

namespace lk::quality {

PhotoAnalysis analyze_photo(const face::Analyzer& analyzer, const lk_image_view& view,
                            const ScoringConfig* config, std::string source) {
    check_view(&view);
    std::optional<Image> converted;
    if (view.channels != 3) converted.emplace(convert_channels(view, 3));
    const lk_image_view rgb = converted ? converted->view() : view;
    PhotoAnalysis photo{std::move(source), rgb.width, rgb.height, analyzer.analyze(rgb), {}};
    if (config) {
        // The measures are plain single-threaded C++: the faces share the cores.
        photo.quality.resize(photo.faces.size());
        at::parallel_for(0, int64_t(photo.faces.size()), 1, [&](int64_t begin, int64_t end) {
            for (int64_t i = begin; i < end; ++i)
                photo.quality[i] = assess(make_measure_input(rgb, photo.faces, size_t(i)), *config);
        });
    }
    return photo;
}

}  // namespace lk::quality
