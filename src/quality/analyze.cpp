#include "quality/analyze.h"

#include "core/image.h"
#include "quality/assess.h"
#include "quality/measure.h"

#include <optional>

namespace lk::quality {

PhotoAnalysis analyze_photo(const face::Analyzer& analyzer, const lk_image_view& view,
                            const ScoringConfig* config, std::string source) {
    check_view(&view);
    std::optional<Image> converted;
    if (view.channels != 3) converted.emplace(convert_channels(view, 3));
    const lk_image_view rgb = converted ? converted->view() : view;
    PhotoAnalysis photo{std::move(source), rgb.width, rgb.height, analyzer.analyze(rgb), {}};
    if (config)
        for (size_t i = 0; i < photo.faces.size(); ++i)
            photo.quality.push_back(assess(make_measure_input(rgb, photo.faces, i), *config));
    return photo;
}

}  // namespace lk::quality
