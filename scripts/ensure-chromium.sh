#!/usr/bin/env bash
# The browser tests drive Debian's Chromium through playwright-core, which
# never downloads a browser of its own. Install the package when it is absent.
set -euo pipefail

CHROMIUM="${STELAR_CHROMIUM:-/usr/bin/chromium}"
[ -x "$CHROMIUM" ] && exit 0

install() {
  DEBIAN_FRONTEND=noninteractive "$@" apt-get update -qq
  DEBIAN_FRONTEND=noninteractive "$@" apt-get install -y -qq chromium
}

echo "Chromium is missing at $CHROMIUM; installing Debian's chromium package." >&2
if [ "$(id -u)" = 0 ]; then
  install
elif command -v sudo >/dev/null 2>&1; then
  install sudo
else
  echo "Cannot install Chromium without root: run 'apt-get install chromium' as root, or set STELAR_CHROMIUM to a Chromium binary." >&2
  exit 1
fi
