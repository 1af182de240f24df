"""Compares what print_seed_normals wrote with numpy's legacy RandomState, drawn now by the numpy
installed beside the tests: every randn value and every float32 latent must be the same double,
and each line must hold the COUNT randn values or Z_DIM latent values it was asked for.

    python tests/gan/check_seed_normals.py FILE COUNT Z_DIM
"""

import sys

import numpy as np

expected_lengths = {"randn": int(sys.argv[2]), "latent": int(sys.argv[3])}
problems = []
lines = 0
with open(sys.argv[1]) as f:
    for line in f:
        kind, seed, *hex_values = line.split()
        ours = [float.fromhex(value) for value in hex_values]
        state = np.random.RandomState(int(seed))
        if kind == "randn":
            numpys = state.randn(len(ours)).tolist()
        elif kind == "latent":
            numpys = state.randn(1, len(ours)).astype(np.float32)[0].astype(np.float64).tolist()
        else:
            problems.append(f"unknown line kind {kind!r}")
            continue
        lines += 1
        if len(ours) != expected_lengths[kind]:
            problems.append(f"{kind} seed {seed}: {len(ours)} values; expected "
                            f"{expected_lengths[kind]}")
        differing = [i for i, (a, b) in enumerate(zip(ours, numpys)) if a != b]
        if differing:
            i = differing[0]
            problems.append(f"{kind} seed {seed}: {len(differing)} of {len(ours)} values differ, "
                            f"first at {i}: ours {ours[i]!r}, numpy {numpys[i]!r}")
        print(f"{kind} seed {seed}: {len(ours)} values compared")

if lines == 0:
    problems.append("no values to compare")
for problem in problems:
    print(problem, file=sys.stderr)
sys.exit(1 if problems else 0)
