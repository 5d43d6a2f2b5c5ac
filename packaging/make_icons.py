"""Render the app icon for every platform from the one source, assets/icons/studio.svg.

    python packaging/make_icons.py          # writes assets/icons/studio-SIZE.png, .ico, .icns

The outputs are committed, so a build needs no SVG renderer; run this again after editing the
SVG. Qt's QSvgRenderer (PySide6-Essentials ships QtSvg) draws each size from the vector source,
so small sizes are rendered, not shrunk from a big bitmap; Pillow packs the Windows .ico and
the macOS .icns from those renders.
"""

from __future__ import annotations

import io
import os
import sys
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")  # no window: works on a headless machine

from PIL import Image
from PySide6.QtCore import QBuffer, QByteArray, QIODevice, Qt
from PySide6.QtGui import QGuiApplication, QImage, QPainter
from PySide6.QtSvg import QSvgRenderer

ICONS = Path(__file__).resolve().parent.parent / "assets" / "icons"
SOURCE = ICONS / "studio.svg"
PNG_SIZES = (16, 24, 32, 48, 64, 128, 256, 512)  # Linux hicolor theme; the app's window icon
ICO_SIZES = (16, 24, 32, 48, 64, 128, 256)  # Windows: Explorer, taskbar, Start menu
ICNS_SIZES = (16, 32, 64, 128, 256, 512, 1024)  # macOS: 16..512 at 1x and 2x


def render(renderer: QSvgRenderer, size: int) -> Image.Image:
    """The SVG drawn at ``size`` x ``size`` pixels, antialiased, as a Pillow RGBA image."""
    image = QImage(size, size, QImage.Format.Format_ARGB32)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
    renderer.render(painter)
    painter.end()
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    image.save(buffer, "PNG")
    buffer.close()
    return Image.open(io.BytesIO(bytes(data.data()))).convert("RGBA")


def main() -> int:
    _app = QGuiApplication(sys.argv[:1])
    renderer = QSvgRenderer(str(SOURCE))
    if not renderer.isValid():
        print(f"make_icons: {SOURCE} is not an SVG Qt can render", file=sys.stderr)
        return 1
    renders = {size: render(renderer, size) for size in sorted({*PNG_SIZES, *ICO_SIZES,
                                                                  *ICNS_SIZES})}
    for size in PNG_SIZES:
        # optimize + no metadata: the same SVG gives the same bytes, so git sees no change
        renders[size].save(ICONS / f"studio-{size}.png", optimize=True)
    biggest = renders[max(ICO_SIZES)]
    biggest.save(ICONS / "studio.ico", sizes=[(s, s) for s in ICO_SIZES],
                 append_images=[renders[s] for s in ICO_SIZES])
    renders[max(ICNS_SIZES)].save(ICONS / "studio.icns",
                                  append_images=[renders[s] for s in ICNS_SIZES])
    written = sorted(p.name for p in ICONS.iterdir() if p.name != SOURCE.name)
    print(f"make_icons: wrote {', '.join(written)} in {ICONS}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
