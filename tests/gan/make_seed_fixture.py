"""Writes tests/data/gan/numpy_randn.json with numpy's legacy RandomState: what
LegacyRandomState (src/gan/seeds.h) must reproduce exactly (tests/gan/seeds_test.cpp).

    /work/main/.venv/bin/python tests/gan/make_seed_fixture.py [OUTPUT]

Python writes each float64 as its shortest round-tripping decimal, so the file holds the exact
doubles numpy drew.
"""

import json
import pathlib
import sys

import numpy as np

SEEDS = [0, 1, 42, 1234, 2**31, 2**32 - 1]
COUNT = 640
SAMPLE_COUNT = 16
# Odd and even call lengths, so the pair numpy keeps back crosses call boundaries both ways.
SPLIT_SEED = 7
SPLIT_CALLS = [3, 2, 1, 0, 5, 4, 7]
LATENT_SEEDS = [0, 42, 2**32 - 1]
Z_DIM = 512


def main():
    default = pathlib.Path(__file__).resolve().parents[1] / "data/gan/numpy_randn.json"
    output = pathlib.Path(sys.argv[1]) if len(sys.argv) > 1 else default
    split = np.random.RandomState(SPLIT_SEED)
    fixture = {
        "numpy_version": np.__version__,
        "randn": [{"seed": seed, "values": np.random.RandomState(seed).randn(COUNT).tolist()}
                  for seed in SEEDS],
        "random_sample": [
            {"seed": seed,
             "values": np.random.RandomState(seed).random_sample(SAMPLE_COUNT).tolist()}
            for seed in SEEDS],
        "split": {"seed": SPLIT_SEED,
                  "calls": [split.randn(count).tolist() for count in SPLIT_CALLS]},
        # generate.py's latent: randn(1, z_dim), then float32 on its way into the network.
        "latents": {"z_dim": Z_DIM, "seeds": LATENT_SEEDS,
                    "values": np.concatenate(
                        [np.random.RandomState(seed).randn(1, Z_DIM) for seed in LATENT_SEEDS]
                    ).astype(np.float32).astype(np.float64).tolist()},
    }
    output.parent.mkdir(parents=True, exist_ok=True)
    output.write_text(json.dumps(fixture, indent=1) + "\n")
    print(f"wrote {output}")


main()
