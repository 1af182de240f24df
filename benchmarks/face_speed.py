"""The face analysis's speed against face-api's JavaScript, from one scripts/bench.sh run.

Usage: face_speed.py OURS.json JS.json
OURS.json is face_analysis_bench's Google Benchmark output (BM_FaceAnalysisSsd/N per demo photo N,
real time), JS.json is benchmarks/face_api_js_bench.js's output for the same photos. Prints a
Markdown table: per photo, both times, faces found by each, and JavaScript's time over ours.
"""
import json
import statistics
import sys


def main(ours_path, js_path):
    ours = {}
    for run in json.load(open(ours_path))["benchmarks"]:
        name = run["name"].split("/")
        if name[0] == "BM_FaceAnalysisSsd" and run.get("run_type", "iteration") == "iteration":
            factor = {"ms": 1.0, "us": 1e-3, "ns": 1e-6, "s": 1e3}[run["time_unit"]]
            ours[f"sample{name[1]}.jpg"] = (run["real_time"] * factor, int(run["faces"]))
    js = json.load(open(js_path))
    print(f"| photo | SDK (ms) | face-api {js['backend']} (ms) | faces SDK / JS | JS / SDK |")
    print("| --- | --- | --- | --- | --- |")
    ratios = []
    for photo in js["photos"]:
        name = photo["file"].split("/")[-1]
        if name not in ours:
            continue
        ms, faces = ours[name]
        js_ms = statistics.median(photo["ms"])
        ratios.append(js_ms / ms)
        print(f"| {name} | {ms:.1f} | {js_ms:.1f} | {faces} / {photo['faces']} | {js_ms / ms:.1f}x |")
    if not ratios:
        print("no photo timed by both sides")
        return 1
    print(f"\nMedian over photos: face-api ({js['backend']}, {js['threads']} thread(s)) takes "
          f"{statistics.median(ratios):.1f}x the SDK's time.")
    return 0


if __name__ == "__main__":
    sys.exit(main(*sys.argv[1:3]))
