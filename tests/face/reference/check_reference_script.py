"""The committed face-api reference data is what face_api_reference.js makes.

Usage: check_reference_script.py NODE [PHOTO]
Runs the script on one demo photo (sample1.jpg unless named) and compares its output with that
photo's entry in tests/face/data/face_api_reference.json: the same header, image size and pixel sum
exactly, the same faces in the same order, every number within 1e-4 (relative, or absolute near
zero: both sides are rounded to 6 significant digits). Exits 77, which ctest reports as skipped,
when Node or the npm packages are missing.
"""

import json
import math
import os
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.abspath(os.path.join(HERE, "..", "..", ".."))
COMMITTED = os.path.join(HERE, "..", "data", "face_api_reference.json")
MODULES = os.path.join(ROOT, "scripts", "node", "node_modules")
PACKAGES = ["@vladmandic/face-api", "@tensorflow/tfjs", "@tensorflow/tfjs-backend-wasm", "jpeg-js"]
SKIP = 77


def skip(reason):
    print(f"SKIP: {reason}")
    sys.exit(SKIP)


def compare(ours, committed, where):
    """Asserts that two JSON values agree: numbers within 1e-4, everything else equal."""
    if isinstance(committed, (int, float)) and not isinstance(committed, bool):
        assert isinstance(ours, (int, float)) and math.isclose(ours, committed, rel_tol=1e-4, abs_tol=1e-4), \
            f"{where}: the script gives {ours}, the committed data {committed}"
    elif isinstance(committed, list):
        assert isinstance(ours, list) and len(ours) == len(committed), \
            f"{where}: the script gives {len(ours) if isinstance(ours, list) else ours!r} entries, " \
            f"the committed data {len(committed)}"
        for i, (a, b) in enumerate(zip(ours, committed)):
            compare(a, b, f"{where}[{i}]")
    elif isinstance(committed, dict):
        assert isinstance(ours, dict) and sorted(ours) == sorted(committed), \
            f"{where}: the script gives fields {sorted(ours) if isinstance(ours, dict) else ours!r}, " \
            f"the committed data {sorted(committed)}"
        for key in committed:
            compare(ours[key], committed[key], f"{where}.{key}")
    else:
        assert ours == committed, f"{where}: the script gives {ours!r}, the committed data {committed!r}"


def main():
    if len(sys.argv) not in (2, 3):
        sys.exit(__doc__)
    node = sys.argv[1]
    photo = sys.argv[2] if len(sys.argv) == 3 else "sample1.jpg"
    if not node or node.endswith("-NOTFOUND") or not os.access(node, os.X_OK):
        skip(f"no Node.js (got '{node}'); scripts/setup.sh installs it")
    missing = [p for p in PACKAGES if not os.path.isdir(os.path.join(MODULES, p))]
    if missing:
        skip(f"npm packages {missing} are not in {MODULES}; scripts/setup.sh installs them")

    with open(COMMITTED) as f:
        committed = json.load(f)
    entries = [p for p in committed["photos"] if p["file"] == photo]
    assert len(entries) == 1, f"{COMMITTED} has {len(entries)} entries for {photo}, expected one"

    with tempfile.TemporaryDirectory() as tmp:
        out = os.path.join(tmp, "reference.json")
        subprocess.run([node, os.path.join(HERE, "face_api_reference.js"), "--only", photo, "--out", out],
                       check=True)
        with open(out) as f:
            ours = json.load(f)

    assert [p["file"] for p in ours["photos"]] == [photo], \
        f"--only {photo} gave photos {[p['file'] for p in ours['photos']]}"
    compare({k: v for k, v in ours.items() if k != "photos"},
            {k: v for k, v in committed.items() if k != "photos"}, "header")
    for key in ("file", "width", "height", "pixel_sum"):
        assert ours["photos"][0][key] == entries[0][key], \
            f"{photo}: {key} is {ours['photos'][0][key]}, the committed data has {entries[0][key]}"
    compare(ours["photos"][0], entries[0], photo)
    faces = entries[0]
    print(f"{photo}: {len(faces['ssd'])} SSD faces (landmarks, descriptors) and {len(faces['tiny'])} "
          f"tiny-detector faces agree with the committed reference data")


if __name__ == "__main__":
    main()
