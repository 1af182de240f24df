#!/usr/bin/env bash
# Sets everything up (scripts/setup.sh: packages, .venv, build) and runs the whole test suite:
# GoogleTest per area, the C99 and ABI checks, the install check, pytest, and a short run of
# every benchmark. Safe to run again; the second run only rebuilds what changed.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
build_dir="${LIKENESS_BUILD_DIR:-$root/build}"
"$root/scripts/setup.sh"
printf '\n== tests\n'
ctest --test-dir "$build_dir" --output-on-failure --parallel "$(nproc)" --timeout 900
