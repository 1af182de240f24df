"""Writes tests/data/safetensors/reference.safetensors with the reference `safetensors` package
(pinned in scripts/requirements.txt): the sample tensors of reference_samples.py and its
metadata. Likeness's reader must read the file back exactly (tests/io/safetensors_test.cpp).

    .venv/bin/python tests/io/make_reference_safetensors.py [OUTPUT]
"""

import pathlib
import sys

from safetensors.torch import save_file

from reference_samples import METADATA, SAMPLES, make_sample

default = pathlib.Path(__file__).resolve().parents[1] / "data/safetensors/reference.safetensors"
output = pathlib.Path(sys.argv[1]) if len(sys.argv) > 1 else default
save_file({name: make_sample(dtype, shape, seed) for name, dtype, shape, seed in SAMPLES},
          str(output), metadata=METADATA)
print(f"wrote {output}")
