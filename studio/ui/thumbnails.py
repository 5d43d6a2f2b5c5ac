"""Decrypting thumbnails into memory, on the database worker.

Thumbnails are never cached on disk (no plaintext patient image outside the library). The
worker decrypts and decodes them into QImages (safe off the UI thread); the UI thread turns
them into pixmaps.
"""

from __future__ import annotations

from collections.abc import Iterable

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, Qt
from PySide6.QtGui import QImage, QImageReader

from studio.library.library import Library
from studio.workflow.media import media_bytes


def load_thumbnails(lib: Library, display_ids: Iterable[str]) -> list[tuple[str, QImage]]:
    """(M-n, image) for each id whose stored thumbnail decodes; others are skipped."""
    images = []
    for display_id in display_ids:
        _row, data = media_bytes(lib, display_id, thumbnail=True)
        image = QImage.fromData(data)
        if not image.isNull():
            images.append((display_id, image))
    return images


def load_pictures(lib: Library, display_ids: Iterable[str],
                  max_side: int = 1000) -> list[tuple[str, QImage]]:
    """(M-n, image) decoded from the full picture at most ``max_side`` pixels on its longer
    side: enough for the crop frame and the preview, a fraction of the memory of the original.
    JPEGs are decoded at the reduced size directly (QImageReader's scaled decoding)."""
    images = []
    for display_id in display_ids:
        _row, data = media_bytes(lib, display_id)
        buffer = QBuffer()
        buffer.setData(QByteArray(data))
        buffer.open(QIODevice.OpenModeFlag.ReadOnly)
        reader = QImageReader(buffer)
        size = reader.size()
        if size.isValid() and max(size.width(), size.height()) > max_side:
            reader.setScaledSize(size.scaled(max_side, max_side,
                                             Qt.AspectRatioMode.KeepAspectRatio))
        image = reader.read()
        if not image.isNull():
            images.append((display_id, image))
    return images
