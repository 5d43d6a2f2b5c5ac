"""Decrypting thumbnails into memory, on the database worker.

Thumbnails are never cached on disk (no plaintext patient image outside the library). The
worker decrypts and decodes them into QImages (safe off the UI thread); the UI thread turns
them into pixmaps.
"""

from __future__ import annotations

from collections.abc import Iterable

from PySide6.QtGui import QImage

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
