// Captions for Fashion-MNIST's ten classes, so that a text-to-image model can be trained on it:
// each class named a few ways in a few sentence templates ("a photo of a sneaker", "a sneaker",
// "a picture of an ankle boot", ...), so that the model learns the garment rather than one
// sentence.
#pragma once

#include <string>
#include <vector>

namespace lk::diffusion {

// The class names in label order (0 "t-shirt" ... 9 "ankle boot").
const std::vector<std::string>& fashion_mnist_classes();

// Every caption of each class, indexed by label; the first of each is the canonical prompt,
// "a photo of a <class>".
std::vector<std::vector<std::string>> fashion_mnist_captions();

}  // namespace lk::diffusion
