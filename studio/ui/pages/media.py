"""The Media screen: every stored picture and document, newest first, with a preview.

Previews are decrypted thumbnails, in memory, on the worker. Signatures and signed forms are
listed too (they belong to consents, not stories), so nothing stored is invisible to staff.
"""

from __future__ import annotations

from PySide6.QtCore import QItemSelection, QModelIndex, Qt
from PySide6.QtGui import QPixmap, QStandardItem, QStandardItemModel
from PySide6.QtWidgets import (
    QLabel,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from studio.ui import labels
from studio.ui.context import MEDIA, UiContext
from studio.ui.pages.base import Page, configure_table, fit_columns, heading, muted
from studio.ui.thumbnails import load_thumbnails
from studio.workflow.library_views import MediaListRow, list_media

PREVIEW = 320


class MediaPage(Page):
    watches = frozenset({MEDIA})

    def __init__(self, ctx: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.rows: list[MediaListRow] = []
        self._pending: str | None = None
        self.model = QStandardItemModel(0, 6, self)
        self.model.setHorizontalHeaderLabels(
            [self.tr("Item"), self.tr("Story"), self.tr("Kind"), self.tr("Size"),
             self.tr("Added"), self.tr("Alt text")])
        self.table = QTableView()
        self.table.setModel(self.model)
        configure_table(self.table, self.tr("Stored media"), stretch=5)
        self.table.selectionModel().selectionChanged.connect(self._selected)
        self.table.doubleClicked.connect(self._open_story)
        self.preview = QLabel(self.tr("Select an item to preview it."))
        self.preview.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.preview.setFixedSize(PREVIEW, PREVIEW)
        self.preview.setAccessibleName(self.tr("Preview"))
        self.preview.setStyleSheet("border: 1px solid palette(mid);")
        self.caption = muted()
        self.caption.setMaximumWidth(PREVIEW)
        side = QWidget()
        side_column = QVBoxLayout(side)
        side_column.setContentsMargins(12, 0, 0, 0)
        side_column.addWidget(self.preview)
        side_column.addWidget(self.caption)
        side_column.addStretch(1)
        splitter = QSplitter()
        splitter.addWidget(self.table)
        splitter.addWidget(side)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 1)
        splitter.setChildrenCollapsible(False)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 12, 16, 8)
        layout.addWidget(heading(self.tr("Media")))
        layout.addWidget(muted(self.tr("Pictures are added on their story (drag them onto it). "
                                       "Double-click an item to open its story.")))
        layout.addWidget(splitter, 1)
        self.reload()

    def reload(self) -> None:
        lib = self.ctx.lib
        self.ctx.query(lambda: list_media(lib), self._show, owner=self, title=self.tr("Media"))

    def _show(self, rows: list[MediaListRow]) -> None:
        self.rows = rows
        self.model.removeRows(0, self.model.rowCount())
        zone = self.ctx.lib.timezone
        for row in rows:
            m = row.media
            kind = (self.tr("Picture {w}×{h}").format(w=m.width, h=m.height)
                    if m.kind == "image" else self.tr("Document"))
            self.model.appendRow([QStandardItem(v) for v in (
                m.display_id, row.story or self.tr("(consent)"), kind,
                self.tr("{kb:,} KB").format(kb=max(1, m.byte_size // 1024)),
                labels.when(row.created_at, zone), m.alt_text)])
        fit_columns(self.table, range(5))
        self.status_changed.emit(self.status_text())
        if self._pending:
            self.open_item(self._pending)

    def status_text(self) -> str:
        return self.tr("{n} stored items").format(n=len(self.rows))

    def _current(self) -> MediaListRow | None:
        rows = self.table.selectionModel().selectedRows()
        return self.rows[rows[0].row()] if rows and rows[0].row() < len(self.rows) else None

    def _selected(self, _now: QItemSelection, _before: QItemSelection) -> None:
        row = self._current()
        if row is None:
            return
        self.caption.setText(row.media.alt_text or self.tr("No alt text."))
        if row.media.kind != "image":
            self.preview.setPixmap(QPixmap())
            self.preview.setText(self.tr("A document: no preview."))
            return
        lib, display_id = self.ctx.lib, row.media.display_id
        self.ctx.query(lambda: load_thumbnails(lib, [display_id]), self._thumbnail, owner=self)

    def _thumbnail(self, images: list[tuple[str, object]]) -> None:
        row = self._current()
        for display_id, image in images:
            if row is not None and row.media.display_id == display_id:
                self.preview.setPixmap(QPixmap.fromImage(image).scaled(
                    PREVIEW, PREVIEW, Qt.AspectRatioMode.KeepAspectRatio,
                    Qt.TransformationMode.SmoothTransformation))

    def _open_story(self, index: QModelIndex) -> None:
        if index.isValid() and self.rows[index.row()].story:
            self.ctx.open_item(str(self.rows[index.row()].story))

    def open_item(self, display_id: str) -> bool:
        wanted = display_id.upper()
        ids = [row.media.display_id for row in self.rows]
        self._pending = None if wanted in ids else wanted  # not listed yet: when it is
        if wanted in ids:
            self.table.selectRow(ids.index(wanted))
        return True
