#!/usr/bin/env bash
# Loupe set-up: installs whatever is missing, and is quick when nothing is.
#   1. Debian packages: system OpenCV (the native addon links against it), Python OpenCV
#      (benchmark yardstick), Chromium + Xvfb (browser tests, headed runs).
#   2. npm dependencies from the lockfile (`npm ci`), including the native build of
#      @u4/opencv4nodejs against the system OpenCV (its own auto-build would download
#      OpenCV's source, which is not reachable, so it is disabled).
#   3. Loupe's own native helper (native/contours), built with node-gyp against the
#      same OpenCV and opencv4nodejs headers; a stamp of its inputs skips the build.
# A stamp in node_modules records the lockfile hash so a second run skips `npm ci`.
set -euo pipefail
cd "$(dirname "$0")/.."

APT_PACKAGES=(libopencv-dev python3-opencv chromium xvfb pkg-config g++ make python3)

log() { printf '[setup] %s\n' "$*"; }

missing=()
for p in "${APT_PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
if ((${#missing[@]})); then
  if [ "$(id -u)" != 0 ]; then
    echo "[setup] missing Debian packages: ${missing[*]}; run as root or: sudo apt-get install -y ${missing[*]}" >&2
    exit 1
  fi
  log "installing Debian packages: ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq "${missing[@]}" >/dev/null
fi

# The native addon is built against Debian's OpenCV; these stop its auto-build.
export OPENCV4NODEJS_DISABLE_AUTOBUILD=1
export OPENCV_INCLUDE_DIR=/usr/include/opencv4
export OPENCV_LIB_DIR=/usr/lib/x86_64-linux-gnu
export OPENCV_BIN_DIR=/usr/bin
# Electron's binary cannot be fetched on build machines; users' machines fetch it at first run.
export ELECTRON_SKIP_BINARY_DOWNLOAD=1
# Playwright drives Debian's Chromium; its own browser download is not reachable.
export PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1

stamp=node_modules/.loupe-lock-stamp
want=$(sha256sum package-lock.json | cut -d' ' -f1)
if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$want" ]; then
  log "installing npm dependencies (npm ci; the OpenCV addon build takes about 6 minutes)"
  npm ci --no-audit --no-fund --loglevel=error
  echo "$want" > "$stamp"
fi

if ! node -e "require('@u4/opencv4nodejs')" >/dev/null 2>&1; then
  log "OpenCV addon does not load; rebuilding it against the system OpenCV"
  npm rebuild @u4/opencv4nodejs --foreground-scripts
  node -e "require('@u4/opencv4nodejs')" || { echo "[setup] @u4/opencv4nodejs still does not load; see the build log above" >&2; exit 1; }
fi

# The contour helper reads opencv4nodejs Mats in place, so it is rebuilt whenever
# its sources, that package's version or Node's ABI change (all in the stamp).
helper=native/contours/build/Release/loupe_contours.node
helper_stamp=native/contours/build/.loupe-src-stamp
helper_want=$( (cat native/contours/binding.gyp native/contours/src/*.cc native/contours/src/*.h; node -p "process.versions.modules + ' ' + require('./node_modules/@u4/opencv4nodejs/package.json').version") | sha256sum | cut -d' ' -f1)
if [ ! -f "$helper" ] || [ ! -f "$helper_stamp" ] || [ "$(cat "$helper_stamp")" != "$helper_want" ]; then
  log "building the native contour helper (native/contours)"
  npx --no-install node-gyp rebuild --directory native/contours --loglevel=error >/dev/null
  if ! out=$(node -e "require('@u4/opencv4nodejs'); require('./$helper')" 2>&1); then
    echo "$out" >&2
    echo "[setup] the native contour helper was built but does not load" >&2
    exit 1
  fi
  echo "$helper_want" > "$helper_stamp"
fi
