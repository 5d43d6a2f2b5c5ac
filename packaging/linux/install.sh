#!/bin/sh
# Install the built app (make package) for one user or system-wide, with its menu entry and icons.
#   sh packaging/linux/install.sh                  # into ~/.local (no root needed)
#   sudo sh packaging/linux/install.sh /usr/local  # for everyone
#   sh packaging/linux/install.sh --uninstall [PREFIX]
# The bundle goes to PREFIX/lib/PatientStoryStudio and `studio` is linked into PREFIX/bin; the
# menu entry names the installed program by its full path, so PREFIX/bin need not be on PATH.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
id=local.patientstorystudio.PatientStoryStudio
uninstall=no
if [ "${1:-}" = --uninstall ]; then uninstall=yes; shift; fi
prefix=${1:-$HOME/.local}
bundle=${BUNDLE:-$here/../../dist/PatientStoryStudio}
sizes="16 24 32 48 64 128 256 512"

remove() {
    rm -rf "$prefix/lib/PatientStoryStudio"
    rm -f "$prefix/bin/studio" "$prefix/share/applications/$id.desktop" \
        "$prefix/share/metainfo/$id.metainfo.xml" "$prefix/share/icons/hicolor/scalable/apps/$id.svg"
    for n in $sizes; do rm -f "$prefix/share/icons/hicolor/${n}x$n/apps/$id.png"; done
}

refresh() {  # menus and icon caches pick the change up; absent tools are fine
    command -v update-desktop-database >/dev/null 2>&1 &&
        update-desktop-database -q "$prefix/share/applications" 2>/dev/null || true
    command -v gtk-update-icon-cache >/dev/null 2>&1 &&
        gtk-update-icon-cache -q -t "$prefix/share/icons/hicolor" 2>/dev/null || true
}

if [ "$uninstall" = yes ]; then remove; refresh; echo "Removed Patient Story Studio from $prefix"; exit 0; fi
[ -x "$bundle/studio" ] || { echo "install: no app at $bundle; run 'make package' first" >&2; exit 1; }

remove
mkdir -p "$prefix/lib" "$prefix/bin" "$prefix/share/applications" "$prefix/share/metainfo" \
    "$prefix/share/icons/hicolor/scalable/apps"
cp -R "$bundle" "$prefix/lib/PatientStoryStudio"
ln -s "$prefix/lib/PatientStoryStudio/studio" "$prefix/bin/studio"
sed -e "s|^Exec=studio|Exec=\"$prefix/lib/PatientStoryStudio/studio\"|" \
    -e "s|^TryExec=studio|TryExec=$prefix/lib/PatientStoryStudio/studio|" \
    "$here/$id.desktop" > "$prefix/share/applications/$id.desktop"
cp "$here/$id.metainfo.xml" "$prefix/share/metainfo/"
icons="$bundle/_internal/assets/icons"
cp "$icons/studio.svg" "$prefix/share/icons/hicolor/scalable/apps/$id.svg"
for n in $sizes; do
    mkdir -p "$prefix/share/icons/hicolor/${n}x$n/apps"
    cp "$icons/studio-$n.png" "$prefix/share/icons/hicolor/${n}x$n/apps/$id.png"
done
refresh
echo "Installed Patient Story Studio in $prefix (run: $prefix/bin/studio)"
