#!/usr/bin/env bash
# Fuzzes one parser for SECONDS (default 60) with libFuzzer under the address and
# undefined-behaviour sanitizers (and LeakSanitizer, which comes with them).
#   scripts/fuzz.sh [TARGET] [SECONDS [LIBFUZZER_FLAGS...]]     e.g. scripts/fuzz.sh 300 -max_len=20000
# TARGET: safetensors_header (the default: the safetensors header parser), idx_file (the idx
# parser of src/data, raw and gzip), xmp (the XMP packet reader and writer of src/provenance),
# container_metadata (finding, replacing and carrying over metadata in PNG and JPEG files),
# tfjs_manifest (TensorFlow.js weight manifests, src/io) or clip_tokenizer (prompts through the
# CLIP tokenizer's emphasis, normalization and windows, src/diffusion).
# The fuzzer is built straight from the few sources it needs, with clang and without CMake or
# libtorch, in build-fuzz/ (LIKENESS_FUZZ_BUILD). It starts from the target's kept corpus,
# tests/<area>/fuzz/corpus/<target>/; afterwards the kept corpus is rebuilt with `-merge=1`
# as its named files (seeds and reproducers of findings, always kept) plus the fewest of the
# other inputs, old and new, that reach every code edge any of them reaches. A crash, leak or
# undefined behaviour stops the run and leaves its input in build-fuzz/findings/: minimize it
# (the command is printed), fix the bug, and keep the minimized input in the corpus, where the
# target's corpus test (SafetensorsCorpus, IdxCorpus, XmpCorpus, ContainerMetadataCorpus,
# ClipTokenizerCorpus) replays
# it on every test run.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
target=safetensors_header
if [ $# -gt 0 ] && ! [[ "$1" =~ ^[0-9]+$ ]]; then
  target="$1"
  shift
fi
case "$target" in
  safetensors_header)
    area="$root/tests/io/fuzz"
    sources=("$root/src/io/safetensors_header.cpp")
    libraries=() ;;
  idx_file)
    area="$root/tests/data/fuzz"
    sources=("$root/src/data/idx_file.cpp" "$root/src/io/file.cpp")
    libraries=(-lz) ;;
  xmp)
    area="$root/tests/provenance/fuzz"
    sources=("$root/src/provenance/xmp.cpp")
    libraries=() ;;
  container_metadata)
    area="$root/tests/provenance/fuzz"
    sources=("$root/src/provenance/metadata.cpp" "$root/src/provenance/png_metadata.cpp"
             "$root/src/provenance/jpeg_metadata.cpp")
    libraries=(-lz) ;;
  tfjs_manifest)
    area="$root/tests/io/fuzz"
    sources=("$root/src/io/tfjs_manifest.cpp" "$root/src/io/file.cpp")
    libraries=() ;;
  clip_tokenizer)
    area="$root/tests/diffusion/fuzz"
    sources=("$root/src/diffusion/clip_tokenizer.cpp" "$root/src/diffusion/prompt_attention.cpp"
             "$root/src/diffusion/unicode.cpp" "$root/src/diffusion/unicode_tables.cpp" "$root/src/io/file.cpp")
    libraries=() ;;
  *)
    echo "unknown fuzz target '$target'; expected safetensors_header, idx_file, xmp," \
      "container_metadata, tfjs_manifest or clip_tokenizer" >&2
    exit 2 ;;
esac
seconds="${1:-60}"
shift $(($# > 0 ? 1 : 0))
build="${LIKENESS_FUZZ_BUILD:-$root/build-fuzz}"
corpus="$area/corpus/$target"
fuzzer="$build/${target}_fuzz"
rm -rf "$build/new" "$build/merged"
mkdir -p "$build/new" "$build/merged" "$build/findings"

clang++-14 -std=c++17 -O1 -g -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=all \
  -DFMT_HEADER_ONLY -I"$root/src" -I"$root/include" \
  "$area/${target}_fuzz.cpp" "${sources[@]}" "$root/src/core/error.cpp" \
  -o "$fuzzer" "${libraries[@]}"

# New inputs go to the scratch folder (listed first), never straight into the kept corpus.
status=0
"$fuzzer" -max_total_time="$seconds" -timeout=10 -print_final_stats=1 \
  -dict="$area/$target.dict" \
  -artifact_prefix="$build/findings/" "$@" "$build/new" "$corpus" || status=$?

# libFuzzer names the inputs it adds by their SHA-1; every other name was given by hand.
before=$(find "$corpus" -type f | wc -l)
find "$corpus" -type f -regextype posix-extended ! -regex '.*/[0-9a-f]{40}' -exec cp {} "$build/merged/" \;
# Edges only (no hit counts): counting them would keep hundreds of near-identical inputs.
"$fuzzer" -merge=1 -use_counters=0 "$build/merged" "$corpus" "$build/new" 2>/dev/null
find "$corpus" -type f -regextype posix-extended -regex '.*/[0-9a-f]{40}' -delete
cp "$build/merged/"* "$corpus/"
echo "corpus: $before -> $(find "$corpus" -type f | wc -l) files"

if [ "$status" -ne 0 ]; then
  echo "fuzzer stopped on a finding (exit $status); inputs in $build/findings/:"
  ls -1 "$build/findings/"
  echo "minimize one with: $fuzzer -minimize_crash=1 -runs=100000 -exact_artifact_path=OUT FILE"
fi
exit "$status"
