/*
 * likeness/image.h: 8-bit images: decode, encode, channel conversion and resizing.
 *
 * Pixels are interleaved 8-bit samples, rows top to bottom. Channels: 1 gray, 2 gray+alpha,
 * 3 RGB, 4 RGBA. Operations read borrowed pixels through an lk_image_view (which may point into
 * an lk_image or into the caller's own memory) and return new SDK-owned lk_images.
 *
 * Threading: every function here is thread-safe; an lk_image may be read by many threads at once.
 */
#ifndef LIKENESS_IMAGE_H
#define LIKENESS_IMAGE_H

#include "core.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Largest accepted width or height, and largest width * height. */
#define LK_IMAGE_MAX_SIDE 32768u
#define LK_IMAGE_MAX_PIXELS (1u << 28)

struct lk_provenance;

/* Borrowed pixels. Row r starts at data + r * stride; stride >= width * channels. */
typedef struct lk_image_view {
    uint32_t width;
    uint32_t height;
    uint32_t channels; /* 1..4 */
    size_t stride;     /* bytes from one row to the next */
    const uint8_t* data;
} lk_image_view;

/* An SDK-owned image with tightly packed rows (stride == width * channels). */
typedef struct lk_image lk_image;

typedef enum lk_image_format {
    LK_IMAGE_FORMAT_AUTO = 0, /* from the file name's extension (.png, .jpg, .jpeg) */
    LK_IMAGE_FORMAT_PNG = 1,
    LK_IMAGE_FORMAT_JPEG = 2
} lk_image_format;

typedef struct lk_image_save_params {
    uint32_t struct_size;   /* sizeof(lk_image_save_params) */
    lk_image_format format; /* default LK_IMAGE_FORMAT_AUTO */
    int32_t jpeg_quality;   /* 1..100, default 90. JPEG drops alpha and is always written as
                               colour (YCbCr): load it with channels = 1 to get gray back */
    const struct lk_provenance* provenance; /* default NULL: none. Otherwise the file says it is
                               synthetic (XMP metadata) and, if provenance->watermark, its pixels
                               are watermarked (unless they already carry that payload, which
                               costs one detection to find out): see likeness/provenance.h.
                               Borrowed for the call */
} lk_image_save_params;

LK_API void lk_image_save_params_init(lk_image_save_params* params);

typedef enum lk_resize_filter {
    LK_RESIZE_DEFAULT = 0,     /* Catmull-Rom when enlarging, Mitchell when shrinking */
    LK_RESIZE_BOX = 1,
    LK_RESIZE_TRIANGLE = 2,
    LK_RESIZE_CUBIC_BSPLINE = 3,
    LK_RESIZE_CATMULL_ROM = 4,
    LK_RESIZE_MITCHELL = 5
} lk_resize_filter;

typedef struct lk_resize_params {
    uint32_t struct_size;    /* sizeof(lk_resize_params) */
    lk_resize_filter filter; /* default LK_RESIZE_DEFAULT */
    int32_t linear_light;    /* non-zero (default): filter in linear light, treating colour as
                                sRGB, which keeps edges and fine texture at their brightness;
                                zero filters the stored values directly */
} lk_resize_params;

LK_API void lk_resize_params_init(lk_resize_params* params);

/* Decodes a PNG, JPEG (baseline or progressive), BMP or TGA file. channels 0 keeps the file's
 * own count; 1..4 converts. LK_ERR_IO if the file cannot be read, LK_ERR_FORMAT if it is not a
 * supported image or is damaged, LK_ERR_INVALID_ARGUMENT if it exceeds the size limits. */
LK_API lk_status lk_image_load(const char* path, uint32_t channels, lk_image** out);

/* As lk_image_load, from an encoded buffer in memory (borrowed for the call). */
LK_API lk_status lk_image_decode(const void* data, size_t size, uint32_t channels, lk_image** out);

/* Copies borrowed pixels into a new image. */
LK_API lk_status lk_image_create(const lk_image_view* view, lk_image** out);

/* A view of the image's pixels, valid until lk_image_free(image). */
LK_API lk_status lk_image_get_view(const lk_image* image, lk_image_view* out);

/* The image's pixels for writing (tightly packed rows); NULL for NULL. The holder of an lk_image
 * owns it, so may change its pixels; not while other threads read them. */
LK_API uint8_t* lk_image_data(lk_image* image);

LK_API void lk_image_free(lk_image* image);

/* Encodes and writes an image. The file appears complete or not at all: the data goes to a
 * temporary file beside it that is renamed over `path` once written. params may be NULL. */
LK_API lk_status lk_image_save(const lk_image_view* view, const char* path,
                               const lk_image_save_params* params);

/* Encodes into memory; free *out_data with lk_buffer_free(). params->format must not be AUTO. */
LK_API lk_status lk_image_encode(const lk_image_view* view, const lk_image_save_params* params,
                                 void** out_data, size_t* out_size);

LK_API void lk_buffer_free(void* data);

/* Converts between channel counts: gray is replicated to RGB; RGB to gray uses Rec. 709 luma
 * weights; an added alpha is opaque; a dropped alpha is discarded (not composited). */
LK_API lk_status lk_image_convert(const lk_image_view* view, uint32_t channels, lk_image** out);

/* Resamples to width x height with a separable filter (see lk_resize_params); an alpha channel
 * is respected so that transparent pixels do not bleed colour. params may be NULL. */
LK_API lk_status lk_image_resize(const lk_image_view* view, uint32_t width, uint32_t height,
                                 const lk_resize_params* params, lk_image** out);

#ifdef __cplusplus
}
#endif

#endif /* LIKENESS_IMAGE_H */
