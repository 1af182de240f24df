#!/usr/bin/env bash
# Copies what a GPU machine lacks (it has no package registry) into the git-ignored third_party/:
# the header-only fmt, nlohmann-json and stb, zlib's headers (its libz.so.1 is on every Linux),
# and GoogleTest's sources, all from this machine's Debian packages (scripts/setup.sh installs
# them). Carry third_party/ to that machine.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
dest="$root/third_party"
rm -rf "$dest"
mkdir -p "$dest/include"
cp -r /usr/include/fmt /usr/include/nlohmann /usr/include/stb "$dest/include/"
cp /usr/include/zlib.h /usr/include/zconf.h "$dest/include/"
cp -r /usr/src/googletest "$dest/googletest"
du -sh "$dest"
