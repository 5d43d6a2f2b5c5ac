#!/bin/sh
# Install the Debian/Ubuntu libraries Qt (PySide6) loads, when any is missing.
#   offscreen: what the headless test suite needs (QT_QPA_PLATFORM=offscreen)
#   window:    that plus what a real X11/XWayland window needs
# Other systems: nothing is done; install the equivalents by hand if Qt fails to start.
set -eu
mode=${1:-offscreen}

# library file -> Debian package
offscreen="libGL.so.1:libgl1 libEGL.so.1:libegl1 libxkbcommon.so.0:libxkbcommon0
libglib-2.0.so.0:libglib2.0-0 libfontconfig.so.1:libfontconfig1 libdbus-1.so.3:libdbus-1-3"
window="libxkbcommon-x11.so.0:libxkbcommon-x11-0 libxcb-cursor.so.0:libxcb-cursor0
libxcb-icccm.so.4:libxcb-icccm4 libxcb-keysyms.so.1:libxcb-keysyms1 libxcb-shape.so.0:libxcb-shape0
libxcb-randr.so.0:libxcb-randr0 libxcb-render-util.so.0:libxcb-render-util0
libxcb-image.so.0:libxcb-image0 libxcb-xkb.so.1:libxcb-xkb1"

[ "$(uname -s)" = Linux ] || exit 0
command -v apt-get >/dev/null 2>&1 || { echo "linux-deps: not a Debian/Ubuntu system; skipping"; exit 0; }

pairs=$offscreen
[ "$mode" = window ] && pairs="$offscreen $window"
missing=""
for pair in $pairs; do
    lib=${pair%%:*}; pkg=${pair#*:}
    if ! ldconfig -p 2>/dev/null | grep -q "$lib"; then missing="$missing $pkg"; fi
done
# A font, or Qt renders boxes.
if ! command -v fc-list >/dev/null 2>&1 || [ -z "$(fc-list 2>/dev/null | head -n 1)" ]; then
    missing="$missing fonts-dejavu-core fontconfig"
fi
[ -z "$missing" ] && exit 0

echo "linux-deps: installing:$missing"
if [ "$(id -u)" = 0 ]; then sudo=""; elif command -v sudo >/dev/null 2>&1; then sudo="sudo"; else
    echo "linux-deps: run as root: apt-get install -y$missing" >&2; exit 1
fi
$sudo apt-get update -qq
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends $missing >/dev/null
