"""The face analysis's speed against face-api's JavaScript, from one scripts/bench.sh run.

Usage: face_speed.py OURS.json JS.json
OURS.json is face_analysis_bench's Google Benchmark output (BM_FaceAnalysisSsd/N per demo photo N,
and BM_FaceAnalysisSsdBfloat16/N, real time), JS.json is benchmarks/face_api_js_bench.js's output for
the same photos. Prints a Markdown table: per photo, the times, faces found by each, and
JavaScript's time over ours (float32, and bfloat16 where it ran).
"""
import json
import statistics
import sys


def main(ours_path, js_path):
    ours = {"BM_FaceAnalysisSsd": {}, "BM_FaceAnalysisSsdBfloat16": {}}
    for run in json.load(open(ours_path))["benchmarks"]:
        name = run["name"].split("/")
        if name[0] in ours and run.get("run_type", "iteration") == "iteration" and "error_occurred" not in run:
            factor = {"ms": 1.0, "us": 1e-3, "ns": 1e-6, "s": 1e3}[run["time_unit"]]
            ours[name[0]][f"sample{name[1]}.jpg"] = (run["real_time"] * factor, int(run["faces"]))
    float32, bfloat16 = ours["BM_FaceAnalysisSsd"], ours["BM_FaceAnalysisSsdBfloat16"]
    js = json.load(open(js_path))
    print(f"| photo | SDK float32 (ms) | SDK bfloat16 (ms) | face-api {js['backend']} (ms) | faces SDK / JS "
          f"| JS / SDK float32 | JS / SDK bfloat16 |")
    print("| --- | --- | --- | --- | --- | --- | --- |")
    ratios, fast_ratios = [], []
    for photo in js["photos"]:
        name = photo["file"].split("/")[-1]
        if name not in float32:
            continue
        ms, faces = float32[name]
        fast_ms = bfloat16.get(name, (float("nan"), 0))[0]
        js_ms = statistics.median(photo["ms"])
        ratios.append(js_ms / ms)
        if name in bfloat16:
            fast_ratios.append(js_ms / fast_ms)
        print(f"| {name} | {ms:.1f} | {fast_ms:.1f} | {js_ms:.1f} | {faces} / {photo['faces']} "
              f"| {js_ms / ms:.1f}x | {js_ms / fast_ms:.1f}x |")
    if not ratios:
        print("no photo timed by both sides")
        return 1
    print(f"\nMedian over photos: face-api ({js['backend']}, {js['threads']} thread(s)) takes "
          f"{statistics.median(ratios):.1f}x the SDK's float32 time"
          + (f" and {statistics.median(fast_ratios):.1f}x its bfloat16 time." if fast_ratios else "."))
    return 0


if __name__ == "__main__":
    sys.exit(main(*sys.argv[1:3]))
