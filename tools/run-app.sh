#!/bin/sh
# Installs what is missing, builds, and starts Xia Atlas on the embedded atlas.
set -eu
cd "$(dirname "$0")/.."

sh tools/install-deps.sh
[ -d _build ] || meson setup _build --buildtype=release
ninja -C _build
exec ./_build/src/xia-atlas "$@"
