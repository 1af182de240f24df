"""Our tfjs manifest reader against TensorFlow.js's decodeWeights on the face-api models.

Usage: check_tfjs_reference.py NODE PRINTER NODE_MODULES MANIFEST...
Both sides summarize every weight (count, sum, sum of magnitudes, first and last value); the
names and counts must be equal and the numbers agree to 1e-6 relative (the sums are of float32
values accumulated in float64 on both sides, in different orders).
"""

import math
import os
import subprocess
import sys


def summaries(command):
    out = subprocess.run(command, check=True, capture_output=True, text=True).stdout
    table = {}
    for line in out.splitlines():
        name, count, *numbers = line.split(" ")
        table[name] = (int(count), [float(x) for x in numbers])
    return table


def main():
    node, printer, modules, *manifests = sys.argv[1:]
    missing = [m for m in manifests if not os.path.exists(m)]
    if missing:
        sys.exit(f"missing {missing}: scripts/setup.sh installs the face-api models into models/face-api")
    worst, weights = 0.0, 0
    # One manifest at a time: models share weight names (the two landmark nets do).
    for manifest in manifests:
        ours = summaries([printer, manifest])
        theirs = summaries([node, os.path.join(os.path.dirname(__file__), "tfjs_reference.js"),
                            modules, manifest])
        assert set(ours) == set(theirs), f"{manifest}: names differ: {sorted(set(ours) ^ set(theirs))[:5]}"
        for name, (count, numbers) in theirs.items():
            assert ours[name][0] == count, f"{name}: {ours[name][0]} values, TensorFlow.js {count}"
            for mine, reference in zip(ours[name][1], numbers):
                worst = max(worst, abs(mine - reference) / max(abs(reference), 1e-3))
                assert math.isclose(mine, reference, rel_tol=1e-6, abs_tol=1e-9), \
                    f"{manifest}: {name}: {mine} vs {reference}"
        weights += len(theirs)
    print(f"{weights} weights in {len(manifests)} manifests agree with TensorFlow.js "
          f"(worst relative difference {worst:.2g})")


if __name__ == "__main__":
    main()
