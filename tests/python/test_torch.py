"""torch and likeness share one libtorch in a process, whichever is imported first."""

import subprocess
import sys

import pytest

# Uses both libraries, then prints every libtorch_cpu.so path mapped into the process.
SCRIPT = """
import {first}, {second}
import numpy, torch, likeness
assert float(torch.ones(3).sum()) == 3.0
assert likeness.resize_image(numpy.zeros((4, 4, 3), numpy.uint8), 2, 2).shape == (2, 2, 3)
with open("/proc/self/maps") as maps:
    paths = {{line.split()[-1] for line in maps if line.rstrip().endswith("/libtorch_cpu.so")}}
print("\\n".join(sorted(paths)))
"""


@pytest.mark.parametrize("first, second", [("torch", "likeness"), ("likeness", "torch")])
def test_one_libtorch_is_mapped_whichever_is_imported_first(first, second):
    result = subprocess.run(
        [sys.executable, "-c", SCRIPT.format(first=first, second=second)],
        capture_output=True, text=True, timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert len(result.stdout.split()) == 1, result.stdout
