#!/usr/bin/env bash
# Prepares this machine to build Likeness, then builds it. Safe to run again: each step is
# skipped when its result is already there.
#   1. Debian packages (compilers, CMake, ninja, ccache, fmt, stb, GoogleTest, Benchmark, ...)
#   2. .venv: torch 2.11.0 (its libtorch is what we link) + the CUDA 13.0 toolkit wheels, the
#      test references (scripts/requirements.txt), and data wheels kept in .venv/wheels (scripts/wheels.txt)
#   3. npm packages in scripts/node (face-api's models, copied to models/face-api, and
#      TensorFlow.js, the reference some tests check against); CLIP's vocabulary in models/clip
#   4. the CMake build in build/ (LIKENESS_BUILD_DIR), and `import likeness` in .venv
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
build_dir="${LIKENESS_BUILD_DIR:-$root/build}"
venv="$root/.venv"
timings=()
step_name="" step_start=$SECONDS
step() {
  [ -z "$step_name" ] || timings+=("$step_name $((SECONDS - step_start)) s")
  step_name="$1" step_start=$SECONDS
  printf '\n== setup: %s\n' "$*"
}

step "Debian packages"
packages=(build-essential cmake ninja-build ccache pkg-config clang libclang-rt-14-dev
          libfmt-dev libstb-dev libgtest-dev libgmock-dev libbenchmark-dev pybind11-dev
          nlohmann-json3-dev binutils zlib1g-dev dataset-fashion-mnist
          libimage-exiftool-perl)
# Debian's own Python only where the machine's python3 cannot make a venv or lacks its headers.
python=${PYTHON:-python3}
if ! "$python" -c 'import venv, sysconfig, os; assert os.path.exists(os.path.join(sysconfig.get_paths()["include"], "Python.h"))' 2>/dev/null; then
  packages+=(python3 python3-venv python3-dev)
  python=/usr/bin/python3
fi
# Node and npm for the face models and the reference JavaScript; any installed version will do.
if ! command -v node >/dev/null || ! command -v npm >/dev/null; then
  packages+=(nodejs npm)
fi
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${db:Status-Status}' "$p" 2>/dev/null | grep -qx installed || missing+=("$p")
done
if ((${#missing[@]})); then
  sudo=(); [ "$(id -u)" -eq 0 ] || sudo=(sudo)
  echo "installing: ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  "${sudo[@]}" apt-get update -q
  "${sudo[@]}" apt-get install -y -q --no-install-recommends "${missing[@]}"
else
  echo "all present"
fi

step "Python environment (.venv)"
if [ ! -x "$venv/bin/python" ]; then
  "$python" -m venv "$venv"
fi
stamp="$venv/.likeness-requirements"
want="$(cat scripts/requirements.txt scripts/wheels.txt | sha256sum | cut -d' ' -f1)"
if [ "$(cat "$stamp" 2>/dev/null)" != "$want" ]; then
  "$venv/bin/python" -m pip install -q --disable-pip-version-check --upgrade pip
  "$venv/bin/python" -m pip install -q --disable-pip-version-check -r scripts/requirements.txt
  "$venv/bin/python" -m pip download -q --disable-pip-version-check --no-deps -d "$venv/wheels" \
    -r scripts/wheels.txt
  echo "$want" >"$stamp"
else
  echo "up to date"
fi

# The toolkit wheels ship versioned libraries (libcudart.so.13) in lib/; nvcc and CMake look for
# unversioned names in lib64/. Complete that layout inside the venv.
toolkit="$("$venv/bin/python" -c 'import nvidia, os; print(next(os.path.join(p, "cu13") for p in nvidia.__path__ if os.path.exists(os.path.join(p, "cu13", "bin", "nvcc"))))')"
[ -e "$toolkit/lib64" ] || ln -s lib "$toolkit/lib64"
for lib in "$toolkit"/lib/lib*.so.[0-9]*; do
  base="${lib%%.so.*}.so"
  [ -e "$base" ] || ln -s "$(basename "$lib")" "$base"
done

step "npm packages (scripts/node) and the face models (models/face-api)"
# package-lock.json pins every package; the stamp skips npm when nothing changed.
node_dir="$root/scripts/node"
stamp="$node_dir/node_modules/.likeness-lock"
want="$(sha256sum "$node_dir/package-lock.json" | cut -d' ' -f1)"
if [ "$(cat "$stamp" 2>/dev/null)" != "$want" ]; then
  (cd "$node_dir" && npm ci --no-audit --no-fund --silent)
  echo "$want" >"$stamp"
else
  echo "up to date"
fi
# The face-api models (MIT) with their licence, where the SDK looks for its models.
face_api="$node_dir/node_modules/@vladmandic/face-api"
mkdir -p "$root/models/face-api"
for model in ssd_mobilenetv1_model tiny_face_detector_model face_landmark_68_model \
             face_landmark_68_tiny_model face_recognition_model; do
  cp -u "$face_api/model/$model-weights_manifest.json" "$face_api/model/$model.bin" "$root/models/face-api/"
done
cp -u "$face_api/LICENSE" "$root/models/face-api/LICENSE"

# CLIP's vocabulary (MIT, from the open_clip wheel), the tokenizer of single-file SD 1.x
# checkpoints, which carry none; the SDK looks for it in models/clip.
step "CLIP vocabulary (models/clip)"
if [ ! -f "$root/models/clip/merges.txt" ]; then
  "$venv/bin/python" scripts/write_clip_vocab.py "$root/models/clip"
else
  echo "up to date"
fi

step "build ($build_dir)"
if [ ! -f "$build_dir/CMakeCache.txt" ]; then
  cmake -S "$root" -B "$build_dir" -G Ninja -DCMAKE_BUILD_TYPE=Release \
        -DPython_EXECUTABLE="$venv/bin/python"
fi
cmake --build "$build_dir"

# `import likeness` from the venv finds the module in the build tree, so a rebuild is live.
site="$("$venv/bin/python" -c 'import sysconfig; print(sysconfig.get_paths()["purelib"])')"
echo "$build_dir/python" >"$site/likeness.pth"
step done
echo "ready: $build_dir/bin/likeness, and 'import likeness' in $venv"
echo "setup took: $(IFS=','; echo "${timings[*]}" | sed 's/,/, /g')"
