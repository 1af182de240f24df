#!/usr/bin/env bash
# Runs every benchmark (after scripts/setup.sh) and writes one JSON file per program into
# benchmarks/results/. Extra arguments go to each program (e.g. --benchmark_filter=Png).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
build_dir="${LIKENESS_BUILD_DIR:-$root/build}"
"$root/scripts/setup.sh" >/dev/null
results="$root/benchmarks/results"
mkdir -p "$results"
for program in "$build_dir"/bin/*_bench; do
  name="$(basename "$program")"
  printf '\n== %s\n' "$name"
  "$program" --benchmark_out="$results/$name.json" --benchmark_out_format=json "$@"
done
