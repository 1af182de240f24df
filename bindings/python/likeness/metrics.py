"""FID and KID of a generator against real images (see likeness/metrics.h)."""

import os

from . import _likeness
from .errors import InvalidArgumentError


def evaluate_gan(model, data, inception, *, num=50000, metrics=("fid", "kid"), batch_size=64,
                 kid_subsets=100, kid_subset_size=1000, kid_seed=0, device="cpu"):
    """FID and/or KID of the generator file `model` against `data` (a folder of images, an idx
    file, or "fashion-mnist[:train|:test]"), as NVIDIA's fid50k_full and kid50k_full compute
    them: `num` samples from seeds 0, 1, ..., every real image, and the feature network file
    `inception` (NVIDIA's TorchScript inception-2015-12-05.pt; nothing is downloaded).

    Returns a dict with "fid" and/or "kid" (those asked for in `metrics`), "num_real" and
    "num_generated".
    """
    unknown = set(metrics) - {"fid", "kid"}
    if unknown or not metrics:
        raise InvalidArgumentError(f"metrics must name fid and/or kid, got {list(metrics)}")
    return _likeness.evaluate_gan(os.fspath(model), os.fspath(data), os.fspath(inception),
                                  int(num), "fid" in metrics, "kid" in metrics, int(batch_size),
                                  int(kid_subsets), int(kid_subset_size), int(kid_seed), device)

