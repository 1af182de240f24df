/*
 * likeness.h: the Likeness C API (C99). Include this one header and link liblikeness.
 *
 * Per-area headers beside it:
 *   core.h   status codes, errors, versions, the context (device, threads, logging, interrupt)
 *   image.h  image decode/encode, channel conversion, resizing
 *   gan.h    StyleGAN2 generators: faces from seeds, latents and styles
 *   train.h  training generators on your own images
 *   metrics.h FID and KID of a generator against its training data
 *   provenance.h metadata and watermarks that say an image is synthetic, and their inspector
 *   face.h   faces in photos: boxes, landmarks, identity embeddings, quality; selfie-set and
 *            generated-face checks
 *   diffusion.h Stable Diffusion 1.x: text-to-image, image-to-image, inpainting
 */
#ifndef LIKENESS_H
#define LIKENESS_H

#include "core.h"
#include "image.h"
#include "gan.h"
#include "train.h"
#include "metrics.h"
#include "provenance.h"
#include "face.h"
#include "diffusion.h"

#endif /* LIKENESS_H */
