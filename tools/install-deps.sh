#!/bin/sh
# Installs what Xia Atlas needs to build, run and test on Debian 12.
set -eu

packages="
  meson ninja-build pkg-config gcc gettext
  libglib2.0-dev libglib2.0-bin libxml2-dev libxml2-utils
  libgtk-4-dev libshumate-dev libadwaita-1-dev libpixman-1-dev
  desktop-file-utils appstream
  xvfb xauth dbus at-spi2-core fonts-dejavu-core
"

missing=""
for package in $packages; do
  if ! dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed"; then
    missing="$missing $package"
  fi
done

if [ -n "$missing" ]; then
  export DEBIAN_FRONTEND=noninteractive
  apt-get update
  # shellcheck disable=SC2086
  apt-get install -y --no-install-recommends $missing
fi
