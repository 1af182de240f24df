#!/usr/bin/env bash
# Runs every benchmark (after scripts/setup.sh) and writes one JSON file per program into
# benchmarks/results/. Extra arguments go to each program (e.g. --benchmark_filter=Png).
# Then the watermark's robustness comparison (benchmarks/watermark_robustness.py), whose
# benchmark-only needs are installed here rather than by setup.sh, since no test needs them:
# the packages in benchmarks/requirements.txt, ImageMagick (a second JPEG encoder) and the
# face-api demo photos (npm pack, into the git-ignored benchmarks/cache/). It writes
# benchmarks/results/watermark_robustness.{md,json}. Then the face analysis against face-api's own
# JavaScript (WASM backend) on the demo photos, in the same run: face_analysis_bench and
# benchmarks/face_api_js_bench.js, compared by benchmarks/face_speed.py into
# benchmarks/results/face_speed.md.
# Then the pipelines against diffusers on the CPU (benchmarks/diffusion_speed.py, on the tiny test
# model, which the ctest fixture tiny_pipelines writes, and a small one it writes itself) into
# benchmarks/results/diffusion_speed.md.
#   LIKENESS_BENCH=programs | watermark | face | diffusion   runs only that part (default: all)
#   LIKENESS_WATERMARK_ARGS="--quick"     options for the robustness script
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
build_dir="${LIKENESS_BUILD_DIR:-$root/build}"
parts="${LIKENESS_BENCH:-all}"
case "$parts" in
  all | programs | watermark | face | diffusion) ;;
  *) echo "LIKENESS_BENCH=$parts: expected programs, watermark, face, diffusion or nothing (all)" >&2; exit 2 ;;
esac
"$root/scripts/setup.sh" >/dev/null
results="$root/benchmarks/results"
mkdir -p "$results"
if [ "$parts" = all ] || [ "$parts" = programs ]; then
  for program in "$build_dir"/bin/*_bench; do
    name="$(basename "$program")"
    printf '\n== %s\n' "$name"
    "$program" --benchmark_out="$results/$name.json" --benchmark_out_format=json "$@"
  done
fi

face_speed() {
  printf '\n== face analysis against face-api (JavaScript, WASM)\n'
  local demo="$root/scripts/node/node_modules/@vladmandic/face-api/demo"
  "$build_dir/bin/face_analysis_bench" --benchmark_filter=Ssd --benchmark_min_time=2 \
    --benchmark_out="$results/face_analysis_bench.json" --benchmark_out_format=json
  node "$root/benchmarks/face_api_js_bench.js" "$demo"/sample{1,2,3,4,5,6}.jpg --iterations 5 \
    >"$results/face_api_js_bench.json"
  "$root/.venv/bin/python" "$root/benchmarks/face_speed.py" "$results/face_analysis_bench.json" \
    "$results/face_api_js_bench.json" | tee "$results/face_speed.md"
}
diffusion_speed() {
  printf '\n== diffusion pipelines against diffusers (CPU)\n'
  "$root/.venv/bin/python" "$root/benchmarks/diffusion_speed.py" "$build_dir/bin/diffusion_bench" \
    "$build_dir/tests/diffusion/tiny_pipelines/txt2img" | tee "$results/diffusion_speed.md"
}
if [ "$parts" = face ]; then face_speed; exit 0; fi
if [ "$parts" = diffusion ]; then diffusion_speed; exit 0; fi
[ "$parts" != programs ] || exit 0

printf '\n== watermark robustness: set-up\n'
venv="$root/.venv"
stamp="$venv/.likeness-bench-requirements"
want="$(sha256sum "$root/benchmarks/requirements.txt" | cut -d' ' -f1)"
if [ "$(cat "$stamp" 2>/dev/null)" != "$want" ]; then
  # Every dependency is pinned in the file; --no-deps keeps invisible-watermark's own list
  # (onnxruntime and more, for a method not compared) out.
  "$venv/bin/python" -m pip install -q --disable-pip-version-check --no-deps \
    -r "$root/benchmarks/requirements.txt"
  echo "$want" >"$stamp"
fi
if ! dpkg-query -W -f='${db:Status-Status}' imagemagick 2>/dev/null | grep -qx installed; then
  sudo=(); [ "$(id -u)" -eq 0 ] || sudo=(sudo)
  { "${sudo[@]}" apt-get update -q &&
    DEBIAN_FRONTEND=noninteractive "${sudo[@]}" apt-get install -y -q --no-install-recommends imagemagick; } \
    || echo "ImageMagick could not be installed; JPEG by Pillow only"
fi
cache="$root/benchmarks/cache"
if ! compgen -G "$cache/package/demo/sample*.jpg" >/dev/null; then
  mkdir -p "$cache"
  tarball="$(cd "$cache" && npm pack --silent @vladmandic/face-api@1.7.15)"
  tar -xzf "$cache/$tarball" -C "$cache" --wildcards 'package/demo/sample*.jpg'
  rm "$cache/$tarball"
fi

printf '\n== watermark robustness\n'
# shellcheck disable=SC2086  # the options are meant to split into words
nice -n 5 "$venv/bin/python" "$root/benchmarks/watermark_robustness.py" --threads 1 \
  --out "$results/watermark_robustness.json" ${LIKENESS_WATERMARK_ARGS:-} |
  tee "$results/watermark_robustness.md"
face_speed
diffusion_speed
