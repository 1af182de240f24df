#!/usr/bin/env bash
# Sets everything up (scripts/setup.sh) and runs the demo: what this build of Likeness is and
# can run on, an image round trip through the CLI, the C API and the C++ API, then garments
# from the default StyleGAN2 generator (models/README.md) through the CLI and Python, garments
# from prompts with the default text-to-image model (docs/diffusion.md), and the
# faces in face-api's demo photos (analysis, annotation, the selfie-set check, the flaw filter).
# Results land in out/demo/.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
build_dir="${LIKENESS_BUILD_DIR:-$root/build}"
"$root/scripts/setup.sh" >/dev/null
out="$root/out/demo"
mkdir -p "$out"
cli="$build_dir/bin/likeness"
card="$root/examples/data/testcard.png"

printf '\n== likeness info\n'
"$cli" info

printf '\n== likeness image convert (PNG -> half-size JPEG, quality 85)\n'
"$cli" image convert "$card" "$out/testcard_half.jpg" --resize 256x256 --quality 85

printf '\n== C API: examples/c/thumbnail.c\n'
"$build_dir/bin/example_thumbnail" "$out/testcard_half.jpg" "$out/thumbnail_gray.png" 96

printf '\n== C++ API: examples/cpp/contact_sheet.cpp\n'
"$build_dir/bin/example_contact_sheet" "$out/contact_sheet.png" "$card" "$out/testcard_half.jpg" \
    "$out/thumbnail_gray.png"

printf '\n== Python: examples/python/roundtrip.py\n'
"$root/.venv/bin/python" "$root/examples/python/roundtrip.py" --out "$out"

model="$root/models/stylegan2-fashion-mnist-32.safetensors"
printf '\n== likeness gan generate: 64 seeds from the default model, as a contact sheet\n'
"$cli" gan info --model "$model"
"$cli" gan generate --model "$model" --seeds 0-63 --out "$out/gan" --grid
printf 'contact sheet: %s\n' "$out/gan/grid.png"

printf '\n== likeness provenance: what the generated files say about themselves\n'
"$cli" provenance inspect "$out/gan/grid.png"
"$cli" provenance inspect "$out/gan/seed0000.png"
printf '\n== likeness provenance mark: a picture marked as edited by a model (its own metadata would be kept)\n'
"$cli" provenance mark "$out/testcard_half.jpg" "$out/testcard_marked.jpg" --composite --payload 0x5EED
"$cli" provenance inspect "$out/testcard_marked.jpg"

printf '\n== Python: examples/python/morph.py (seeds 3 to 17, slerp in Z)\n'
"$root/.venv/bin/python" "$root/examples/python/morph.py" "$model" --out "$out/morph.png"

# Diffusion: the default text-to-image model (docs/diffusion.md, "The default model") from
# prompts, through the CLI's `diffusion generate` (four seeds per prompt, DPM++ 2M, 20 steps).
diffusion_model="$root/models/diffusion/fashion"
printf '\n== likeness diffusion generate: the default text-to-image model, one prompt per garment\n'
for prompt in "a photo of a sneaker" "a photo of a dress" "a photo of a bag" "a photo of an ankle boot"; do
    "$cli" diffusion generate --model "$diffusion_model" --prompt "$prompt" --steps 20 \
        --sampler dpmpp_2m --guidance 4 --seed 0 --batch 4 --out "$out/diffusion/${prompt// /_}"
done

photos="$root/scripts/node/node_modules/@vladmandic/face-api/demo"
printf '\n== likeness face analyze: face-api demo photo 1, annotated\n'
"$cli" face analyze "$photos/sample1.jpg" --annotate "$out/faces_sample1.png"
printf 'annotated: %s\n' "$out/faces_sample1.png"
printf '\n== likeness face check-selfies: the six demo photos as if they were one person'"'"'s selfies\n'
"$cli" face check-selfies "$photos"/sample{1,2,3,4,5,6}.jpg --json "$out/selfie_check.json" || true
printf '\n== Python: examples/python/face_checks.py (the filter and the selfie check on real faces and damaged copies)\n'
"$root/.venv/bin/python" "$root/examples/python/face_checks.py" "$photos" --models "$root/models/face-api" \
    --out "$out/face_checks"
printf '\n== likeness face filter: generated garments and a demo photo (no face is a flaw too)\n'
rm -rf "$out/filter_in" "$out/filter_keep" "$out/filter_reject"
mkdir -p "$out/filter_in"
cp "$out/gan/seed0000.png" "$photos/sample2.jpg" "$out/filter_in/"
"$cli" face filter "$out/filter_in" --keep "$out/filter_keep" --reject "$out/filter_reject"

printf '\ndemo output: %s\n' "$out"
ls -l "$out"
