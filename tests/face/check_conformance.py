"""The face model ports against face-api in JavaScript (data/face_api_reference.json), on every demo
photo, through both detectors.

Usage: check_conformance.py NODE PRINT_FACES MODEL_DIR
The port is checked on the reference's own pixels (jpeg-js's decoding, dumped by
reference/dump_pixels.js): every reference face matched one to one by an SDK face of the same photo
with box IoU >= 0.95, score within 0.02, every landmark within 1% of the reference box's larger side
and (SSD) the descriptor within 0.03 Euclidean; no face left over on either side.
The same photos decoded by the SDK's own JPEG decoder differ from jpeg-js's by up to 34 levels (mean
0.5); there the same faces must still be found with IoU >= 0.95 and scores within 0.02, and the
landmark and descriptor deviations are printed for the record.
Exits 77, which ctest reports as skipped, when Node or the npm packages are missing.
"""
import json
import math
import os
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.abspath(os.path.join(HERE, "..", ".."))
REFERENCE = os.path.join(HERE, "data", "face_api_reference.json")
DEMO = os.path.join(ROOT, "scripts", "node", "node_modules", "@vladmandic", "face-api", "demo")
LIMITS = {"iou": 1 - 0.95, "score": 0.02, "landmark": 0.01, "descriptor": 0.03}


def iou(a, b):
    w = max(0.0, min(a[0] + a[2], b[0] + b[2]) - max(a[0], b[0]))
    h = max(0.0, min(a[1] + a[3], b[1] + b[3]) - max(a[1], b[1]))
    inter = w * h
    return inter / (a[2] * a[3] + b[2] * b[3] - inter)


def deviations(reference, ours, where, failures):
    """Each reference face's deviations from its best-overlapping SDK face, matched one to one."""
    if len(reference) != len(ours):
        failures.append(f"{where}: face-api found {len(reference)} faces, the SDK {len(ours)}")
    unused = list(range(len(ours)))
    for index, r in enumerate(reference):
        if not unused:
            break
        o = ours[max(unused, key=lambda k: iou(r["box"], ours[k]["box"]))]
        unused.remove(ours.index(o))
        size = max(r["box"][2], r["box"][3])
        found = {"iou": 1 - iou(r["box"], o["box"]), "score": abs(r["score"] - o["score"]),
                 "landmark": max(math.dist(p, q) for p, q in zip(r["landmarks"], o["landmarks"])) / size}
        if "descriptor" in r:
            found["descriptor"] = math.dist(r["descriptor"], o["descriptor"]) if o["descriptor"] else math.inf
        yield f"{where} face {index}", found


def check(reference, ours, asserted, failures):
    worst = {}
    for photo in ours:
        r = reference[photo["file"]]
        for detector in ("ssd", "tiny"):
            for where, found in deviations(r[detector], photo[detector], f"{photo['file']} {detector}", failures):
                for key, value in found.items():
                    worst[key] = max(worst.get(key, 0.0), value)
                    if key in asserted and not value <= LIMITS[key]:
                        failures.append(f"{where}: {key} off by {value:.4g}; allowed {LIMITS[key]:.4g}")
    return ", ".join(f"{k} {v:.3g}" for k, v in sorted(worst.items()))


def run_json(command):
    return json.loads(subprocess.run(command, check=True, capture_output=True, text=True).stdout)


def main(node, print_faces, models):
    if not node or not os.path.isdir(DEMO):
        print("SKIP: Node or the npm packages of scripts/node are missing: run scripts/setup.sh")
        return 77
    reference = {p["file"]: p for p in json.load(open(REFERENCE))["photos"]}
    files = sorted(reference)
    failures = []
    with tempfile.TemporaryDirectory() as folder:
        raw_args = []
        for name in files:
            raw = os.path.join(folder, name)
            subprocess.run([node, os.path.join(HERE, "reference", "dump_pixels.js"), os.path.join(DEMO, name), raw],
                           check=True, capture_output=True)
            raw_args += [raw, str(reference[name]["width"]), str(reference[name]["height"])]
        same_pixels = run_json([print_faces, models, *raw_args, "--raw"])["photos"]
    print("on face-api's pixels, largest deviations:", check(reference, same_pixels, LIMITS, failures))
    own_decoder = run_json([print_faces, models, *[os.path.join(DEMO, name) for name in files]])["photos"]
    print("on the SDK's own JPEG decoding, largest deviations:",
          check(reference, own_decoder, {"iou", "score"}, failures))
    for failure in failures:
        print("FAIL:", failure)
    return 1 if failures or len(same_pixels) != len(files) else 0


if __name__ == "__main__":
    sys.exit(main(*sys.argv[1:4]))
