"""A horizontal strip of thumbnails that accepts pictures dragged in from the desktop.

It only shows and collects: the caller decrypts thumbnails (on the worker, into memory) and
imports dropped files through the workflow. Dropped files are offered as local paths; anything
that is not a local file (a web image, text) is ignored rather than guessed at.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtGui import (
    QDragEnterEvent,
    QDragMoveEvent,
    QDropEvent,
    QIcon,
    QPainter,
    QPaintEvent,
    QPalette,
    QPixmap,
)
from PySide6.QtWidgets import QAbstractItemView, QListView, QListWidget, QListWidgetItem, QWidget

from studio.ui.widgets.palette_colors import muted_colour
from studio.ui.widgets.palette_follow import follow_palette
from studio.workflow.media import MediaRow

THUMB = 112


def dropped_files(event: QDropEvent | QDragEnterEvent | QDragMoveEvent) -> list[Path]:
    data = event.mimeData()
    if data is None or not data.hasUrls():
        return []
    return [Path(u.toLocalFile()) for u in data.urls() if u.isLocalFile()]


class MediaStrip(QListWidget):
    """Thumbnails of a story's media; emits ``files_dropped`` with the local paths dropped."""

    files_dropped = Signal(list)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setViewMode(QListView.ViewMode.IconMode)
        self.setFlow(QListView.Flow.LeftToRight)
        self.setWrapping(False)
        self.setMovement(QListView.Movement.Static)
        self.setIconSize(QSize(THUMB, THUMB))
        self.setGridSize(QSize(THUMB + 24, THUMB + 36))
        self.setFixedHeight(THUMB + 44)
        self.setHorizontalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setDragDropMode(QAbstractItemView.DragDropMode.DropOnly)
        self.setAcceptDrops(True)
        self.viewport().setAcceptDrops(True)
        self.accepting = True
        self.empty_text = self.tr("No pictures yet. Drag pictures here to add them.")
        self._placeholder = QPixmap(THUMB, THUMB)
        follow_palette(self, self._paint_placeholder)

    def _paint_placeholder(self) -> None:
        """The grey square shown until a thumbnail arrives, in the palette's mid tone (again
        after a palette change, on the items still waiting)."""
        shade = self.palette().color(QPalette.ColorRole.Mid)
        if self._placeholder.toImage().pixelColor(0, 0) == shade:
            return
        self._placeholder.fill(shade)
        for i in range(self.count()):
            item = self.item(i)
            if item.data(Qt.ItemDataRole.UserRole + 1) is not True:
                item.setIcon(QIcon(self._placeholder))

    def set_media(self, rows: tuple[MediaRow, ...]) -> None:
        self.clear()
        for row in rows:
            label = row.display_id if row.kind == "image" else f"{row.display_id} (PDF)"
            item = QListWidgetItem(QIcon(self._placeholder), label)
            item.setData(Qt.ItemDataRole.UserRole, row.display_id)
            item.setToolTip(row.alt_text or self.tr("No alt text yet"))
            item.setData(Qt.ItemDataRole.AccessibleTextRole,
                         self.tr("{id}: {alt}").format(id=row.display_id,
                                                       alt=row.alt_text or self.tr("no alt text")))
            self.addItem(item)

    def set_thumbnail(self, display_id: str, pixmap: QPixmap) -> None:
        for i in range(self.count()):
            item = self.item(i)
            if item.data(Qt.ItemDataRole.UserRole) == display_id:
                item.setIcon(QIcon(pixmap))
                item.setData(Qt.ItemDataRole.UserRole + 1, True)

    def has_thumbnail(self, display_id: str) -> bool:
        for i in range(self.count()):
            item = self.item(i)
            if item.data(Qt.ItemDataRole.UserRole) == display_id:
                return item.data(Qt.ItemDataRole.UserRole + 1) is True
        return False

    # -- dropping files in -----------------------------------------------------------------
    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if self.accepting and dropped_files(event):
            event.acceptProposedAction()
        else:
            event.ignore()

    def dragMoveEvent(self, event: QDragMoveEvent) -> None:
        if self.accepting and dropped_files(event):
            event.acceptProposedAction()
        else:
            event.ignore()

    def dropEvent(self, event: QDropEvent) -> None:
        files = dropped_files(event)
        if not (self.accepting and files):
            event.ignore()
            return
        event.acceptProposedAction()
        self.files_dropped.emit(files)

    def paintEvent(self, event: QPaintEvent) -> None:
        super().paintEvent(event)
        if self.count():
            return
        painter = QPainter(self.viewport())
        painter.setPen(muted_colour(self.palette(), QPalette.ColorRole.Base))
        painter.drawText(self.viewport().rect().adjusted(12, 0, -12, 0),
                         Qt.AlignmentFlag.AlignCenter | Qt.TextFlag.TextWordWrap,
                         self.empty_text)
        painter.end()
