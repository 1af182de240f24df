#include "diffusion/fashion_captions.h"

#include <fmt/format.h>

#include <array>
#include <utility>

namespace lk::diffusion {
namespace {

// {article, noun}: how the sentences name a class.
using ClassNames = std::vector<std::pair<const char*, const char*>>;

// Each class's names; the first is the one fashion_mnist_classes() gives.
const std::vector<ClassNames>& class_names() {
    static const std::vector<ClassNames> names{
        {{"a", "t-shirt"}, {"a", "top"}, {"a", "tee"}},
        {{"a pair of", "trousers"}, {"a pair of", "pants"}},
        {{"a", "pullover"}, {"a", "sweater"}, {"a", "jumper"}},
        {{"a", "dress"}},
        {{"a", "coat"}, {"a", "jacket"}},
        {{"a", "sandal"}},
        {{"a", "shirt"}, {"a", "button-up shirt"}},
        {{"a", "sneaker"}, {"a", "running shoe"}},
        {{"a", "bag"}, {"a", "handbag"}},
        {{"an", "ankle boot"}, {"a", "boot"}},
    };
    return names;
}

// {} is a name with its article, e.g. "an ankle boot"; each name also stands alone, bare.
constexpr std::array<const char*, 6> templates{
    "a photo of {}", "{}", "a picture of {}", "an image of {}", "a black and white photo of {}",
    "a small photo of {}"};

}  // namespace

const std::vector<std::string>& fashion_mnist_classes() {
    static const std::vector<std::string> classes = [] {
        std::vector<std::string> out;
        for (const ClassNames& c : class_names()) out.emplace_back(c.front().second);
        return out;
    }();
    return classes;
}

std::vector<std::vector<std::string>> fashion_mnist_captions() {
    std::vector<std::vector<std::string>> captions;
    for (const ClassNames& c : class_names()) {
        std::vector<std::string>& mine = captions.emplace_back();
        for (const auto& [article, noun] : c) {
            const std::string phrase = fmt::format("{} {}", article, noun);
            for (const char* t : templates) mine.push_back(fmt::format(fmt::runtime(t), phrase));
            mine.emplace_back(noun);
        }
    }
    return captions;
}

}  // namespace lk::diffusion
