/*
 * likeness/metrics.h: how close a generator's images come to its training data: Fréchet
 * Inception Distance (FID) and Kernel Inception Distance (KID), as NVIDIA's stylegan2-ada-pytorch
 * computes fid50k_full and kid50k_full.
 *
 * The feature network is a TorchScript file the caller names, normally NVIDIA's
 * inception-2015-12-05.pt; nothing is downloaded. Any TorchScript module called as
 * net(uint8 images (N, 3, H, W), return_features=True) -> float (N, D) works.
 *
 * Threading: thread-safe; each call loads its own generator and network.
 */
#ifndef LIKENESS_METRICS_H
#define LIKENESS_METRICS_H

#include "core.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct lk_metrics_params {
    uint32_t struct_size;     /* sizeof(lk_metrics_params) */
    uint32_t num_generated;   /* samples from seeds 0, 1, ...; default 50000 */
    uint32_t batch_size;      /* images per feature-network call; default 64 */
    int32_t fid;              /* non-zero computes FID; default 1 */
    int32_t kid;              /* non-zero computes KID; default 1 */
    uint32_t kid_subsets;     /* default 100 */
    uint32_t kid_subset_size; /* at most this many images per subset; default 1000 */
    uint32_t kid_seed;        /* subsets drawn as np.random.RandomState(kid_seed) would; default 0 */
} lk_metrics_params;

LK_API void lk_metrics_params_init(lk_metrics_params* params);

typedef struct lk_metrics_result {
    uint32_t struct_size;   /* set by the caller to sizeof(lk_metrics_result); the library
                               fills only the fields that it covers */
    double fid;             /* NaN when not asked for */
    double kid;             /* NaN when not asked for */
    uint64_t num_real;      /* real images: every image of the data source */
    uint64_t num_generated;
} lk_metrics_result;

/* FID and/or KID of the Likeness generator file `model` against `data_source` (a folder of
 * images, an idx images file, or "fashion-mnist[:train|:test]"), loaded at the generator's
 * resolution and channel count, with the feature network file `inception`, on the context's
 * device. A conditional generator's samples take the data's classes in turn. params may be NULL.
 * LK_ERR_IO for a missing file; LK_ERR_FORMAT for a damaged model, data file or network, or a
 * network whose output is not (N, D) features; LK_ERR_INVALID_ARGUMENT for bad parameters or
 * data; LK_ERR_CANCELLED after lk_context_interrupt(). */
LK_API lk_status lk_metrics_evaluate_gan(lk_context* ctx, const char* model,
                                         const char* data_source, const char* inception,
                                         const lk_metrics_params* params, lk_metrics_result* out);

#ifdef __cplusplus
}
#endif

#endif /* LIKENESS_METRICS_H */
