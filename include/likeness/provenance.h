/*
 * likeness/provenance.h: images that say they are synthetic, and the inspector that reads them.
 *
 * Two marks, because each fails where the other holds:
 * - metadata: an XMP packet with the IPTC digital source type (trainedAlgorithmicMedia for
 *   generated images), the generating software, the model's name and content hash and, opt-in,
 *   the seed and prompt; in a PNG iTXt chunk or a JPEG APP1 segment, where platforms and
 *   exiftool read it, but any re-save can strip it;
 * - a watermark: a keyed 32-bit payload in the pixels (luma), which survives re-encoding (JPEG
 *   down to quality 50 and usually 30), resizing to half and back, crops and brightness changes,
 *   at PSNR >= 40 dB. It needs at least LK_WATERMARK_MIN_SIDE pixels each way; a detection comes
 *   with a p-value, and "found" means p <= LK_WATERMARK_THRESHOLD.
 * The generators' save paths (CLI, likeness.hpp, Python) write both by default. To write them
 * yourself, set lk_image_save_params.provenance, or mark an existing file with
 * lk_provenance_mark_file().
 *
 * Threading: every function here is thread-safe.
 */
#ifndef LIKENESS_PROVENANCE_H
#define LIKENESS_PROVENANCE_H

#include "core.h"
#include "image.h"

#ifdef __cplusplus
extern "C" {
#endif

/* The key anyone can use to check for the SDK's own watermark. A private key makes a mark that
 * only its holder can find (or fake). */
#define LK_WATERMARK_DEFAULT_KEY 0x4C696B656E657373ull /* "Likeness" */
#define LK_WATERMARK_MIN_SIDE 192u
#define LK_WATERMARK_THRESHOLD 1e-6

typedef enum lk_source_type {
    LK_SOURCE_UNSTATED = 0,               /* no digital source type */
    LK_SOURCE_TRAINED_ALGORITHMIC = 1,    /* IPTC trainedAlgorithmicMedia: generated */
    LK_SOURCE_COMPOSITE_TRAINED = 2,      /* IPTC compositeWithTrainedAlgorithmicMedia: a real
                                             image edited by a model (image-to-image, inpainting) */
    LK_SOURCE_OTHER = 3                   /* another type, named by the report's URI */
} lk_source_type;

/* What to mark an image with. Strings are borrowed for the call; NULL leaves a field out. */
typedef struct lk_provenance {
    uint32_t struct_size;        /* sizeof(lk_provenance) */
    lk_source_type source_type;  /* default LK_SOURCE_TRAINED_ALGORITHMIC; UNSTATED and OTHER
                                    are not accepted */
    const char* software;        /* default NULL: "Likeness <version>" */
    const char* model_name;      /* default NULL */
    const char* model_hash;      /* default NULL; "sha256:<64 hex digits>" by convention */
    int32_t record_seed;         /* opt-in: non-zero writes `seed` (default 0) */
    uint64_t seed;
    const char* prompt;          /* opt-in: default NULL */
    int32_t watermark;           /* default 1: also watermark the pixels (images smaller than
                                    LK_WATERMARK_MIN_SIDE get the metadata alone) */
    uint32_t payload;            /* the watermark's payload, default 0 */
    uint64_t key;                /* default LK_WATERMARK_DEFAULT_KEY */
} lk_provenance;

LK_API void lk_provenance_init(lk_provenance* provenance);

typedef struct lk_watermark_result {
    uint32_t struct_size;        /* sizeof(lk_watermark_result), set by the callee */
    int32_t found;               /* p_value <= LK_WATERMARK_THRESHOLD */
    uint32_t payload;            /* when found */
    double p_value;              /* chance that an unmarked image matches this well; 1 when
                                    nothing decoded */
    int32_t matched_bits;        /* code bits agreeing with the decoded payload's code word */
    int32_t voted_bits;          /* code bits the image held */
    int32_t strength;            /* 0 (strongest) to 6, -1 when nothing decoded */
    uint32_t grid_x, grid_y;     /* where a watermark tile starts, modulo 192: 0, 0 as marked;
                                    192 - dx after a crop of dx pixels */
} lk_watermark_result;

/* Watermarks a copy of the image's pixels (alpha untouched). *out_psnr (may be NULL) receives
 * the PSNR of the colour channels against the input. LK_ERR_INVALID_ARGUMENT naming the size for
 * images under LK_WATERMARK_MIN_SIDE either way. Free *out with lk_image_free(). */
LK_API lk_status lk_watermark_embed(const lk_image_view* view, uint32_t payload, uint64_t key,
                                    lk_image** out, double* out_psnr);

/* Looks for a watermark made with `key`. Any size is accepted; too small is simply not found. */
LK_API lk_status lk_watermark_detect(const lk_image_view* view, uint64_t key,
                                     lk_watermark_result* out);

/* What a file says about its origin. Strings are owned by the report ("" when absent). */
typedef struct lk_provenance_report {
    uint32_t struct_size;           /* sizeof(lk_provenance_report) */
    uint32_t width, height;         /* the image's size: under LK_WATERMARK_MIN_SIDE, a missing
                                       watermark says little */
    int32_t has_metadata;           /* the file has an XMP packet (read or not) */
    const char* metadata_error;     /* why the packet could not be read; "" when it could */
    lk_source_type source_type;
    const char* digital_source_type; /* the IPTC URI as written */
    const char* software;
    const char* model_name;
    const char* model_hash;
    const char* prompt;
    int32_t has_seed;
    uint64_t seed;
    int32_t has_stated_payload;     /* the metadata names the watermark payload it was marked with */
    uint32_t stated_payload;
    lk_watermark_result watermark;  /* looked for in the decoded pixels */
} lk_provenance_report;

/* Reads a PNG or JPEG file's XMP and looks for the watermark (key: usually
 * LK_WATERMARK_DEFAULT_KEY). Damaged metadata is reported, not fatal; undecodable pixels are
 * LK_ERR_FORMAT. Free *out with lk_provenance_report_free(). */
LK_API lk_status lk_provenance_inspect_file(const char* path, uint64_t key,
                                            lk_provenance_report** out);
LK_API lk_status lk_provenance_inspect_memory(const void* data, size_t size, uint64_t key,
                                              lk_provenance_report** out);
LK_API void lk_provenance_report_free(lk_provenance_report* report);

/* Marks an existing PNG or JPEG: its pixels watermarked (as provenance->watermark says) and
 * re-encoded (JPEG at params->jpeg_quality), its metadata (EXIF, ICC profile, text chunks, an
 * existing XMP packet) carried over, with the provenance added to the XMP. The output's format
 * follows out_path's extension (params->format may force one). in_path may equal out_path: the
 * file is replaced whole or not at all. params may be NULL. */
LK_API lk_status lk_provenance_mark_file(const char* in_path, const char* out_path,
                                         const lk_provenance* provenance,
                                         const lk_image_save_params* params);

#ifdef __cplusplus
}
#endif

#endif /* LIKENESS_PROVENANCE_H */
