"""Reads a file that Likeness's writer produced (tests/io/write_safetensors_sample.cpp) with the
reference `safetensors` package and checks that it holds exactly the samples of
reference_samples.py: names, dtypes, shapes, every byte, and the metadata.

    python tests/io/check_reference_reads_ours.py FILE
"""

import sys

from safetensors import safe_open

from reference_samples import METADATA, SAMPLES, make_sample, tensor_bytes

path = sys.argv[1]
problems = []
with safe_open(path, framework="pt") as f:
    if f.metadata() != METADATA:
        problems.append(f"metadata is {f.metadata()!r}; expected {METADATA!r}")
    expected_names = sorted(name for name, *_ in SAMPLES)
    if sorted(f.keys()) != expected_names:
        problems.append(f"names are {sorted(f.keys())}; expected {expected_names}")
    for name, dtype, shape, seed in SAMPLES:
        if name not in f.keys():
            continue
        got = f.get_tensor(name)
        if got.dtype != dtype or tuple(got.shape) != shape:
            problems.append(f"{name}: {got.dtype} {tuple(got.shape)}; expected {dtype} {shape}")
        elif tensor_bytes(got) != tensor_bytes(make_sample(dtype, shape, seed)):
            problems.append(f"{name}: the bytes differ from the sample's")
for problem in problems:
    print(f"{path}: {problem}")
sys.exit(1 if problems else 0)
