#!/usr/bin/env bash
# check_install.sh BUILD_DIR WORK_DIR CONSUMER_SOURCE: installs BUILD_DIR into WORK_DIR/prefix,
# then builds and runs the consumer program with find_package(likeness) and with pkg-config.
set -euo pipefail
build=$1 work=$2 consumer=$3
rm -rf "$work"
prefix=$work/prefix
cmake --install "$build" --prefix "$prefix" >/dev/null

cmake -S "$consumer" -B "$work/cmake-build" -G Ninja -DCMAKE_PREFIX_PATH="$prefix" >/dev/null
cmake --build "$work/cmake-build" >/dev/null
"$work/cmake-build/consumer"

libdir=$(dirname "$(find "$prefix" -name likeness.pc)")/..
export PKG_CONFIG_PATH="$libdir/pkgconfig"
cc -std=c99 -pedantic -Werror "$consumer/consumer.c" -o "$work/consumer-pc" \
   $(pkg-config --cflags --libs likeness) -Wl,-rpath,"$(pkg-config --variable=libdir likeness)"
"$work/consumer-pc"
echo "install: found by find_package and by pkg-config"
