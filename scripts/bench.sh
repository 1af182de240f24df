#!/usr/bin/env bash
# Runs every benchmark (after scripts/setup.sh) and writes one JSON file per program into
# benchmarks/results/. Extra arguments go to each program (e.g. --benchmark_filter=Png).
# Then the watermark's robustness comparison (benchmarks/watermark_robustness.py), whose
# benchmark-only needs are installed here rather than by setup.sh, since no test needs them:
# the packages in benchmarks/requirements.txt, ImageMagick (a second JPEG encoder) and the
# face-api demo photos (npm pack, into the git-ignored benchmarks/cache/). It writes
# benchmarks/results/watermark_robustness.{md,json}.
#   LIKENESS_BENCH=programs | watermark   runs only that part (default: both)
#   LIKENESS_WATERMARK_ARGS="--quick"     options for the robustness script
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
build_dir="${LIKENESS_BUILD_DIR:-$root/build}"
parts="${LIKENESS_BENCH:-all}"
case "$parts" in
  all | programs | watermark) ;;
  *) echo "LIKENESS_BENCH=$parts: expected programs, watermark or nothing (both)" >&2; exit 2 ;;
esac
"$root/scripts/setup.sh" >/dev/null
results="$root/benchmarks/results"
mkdir -p "$results"
if [ "$parts" != watermark ]; then
  for program in "$build_dir"/bin/*_bench; do
    name="$(basename "$program")"
    printf '\n== %s\n' "$name"
    "$program" --benchmark_out="$results/$name.json" --benchmark_out_format=json "$@"
  done
fi
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
