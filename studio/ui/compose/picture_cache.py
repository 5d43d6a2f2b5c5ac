"""The story's pictures, decoded once on the database worker for the crop frames and preview.

Each picture is decrypted into memory and decoded at a reduced size
(:func:`studio.ui.thumbnails.load_pictures`) the first time any channel's tab asks for it; the
answer goes to every tab. Nothing is written to disk.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QImage

from studio.ui.context import UiContext
from studio.ui.thumbnails import load_pictures


class PictureCache(QObject):
    arrived = Signal(str, QImage)            # M-n, its decoded picture

    def __init__(self, ctx: UiContext, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.images: dict[str, QImage] = {}
        self._asked: set[str] = set()

    def want(self, display_id: str) -> None:
        if display_id in self.images:
            self.arrived.emit(display_id, self.images[display_id])
            return
        if display_id in self._asked:
            return
        self._asked.add(display_id)
        lib = self.ctx.lib
        self.ctx.query(lambda: load_pictures(lib, [display_id]), self._loaded, owner=self)

    def _loaded(self, images: list[tuple[str, QImage]]) -> None:
        for display_id, image in images:
            self.images[display_id] = image
            self.arrived.emit(display_id, image)
