"""The last exports (E-n, when, who, format, how many posts, where): what already went out."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QStandardItem, QStandardItemModel
from PySide6.QtWidgets import QTableView, QVBoxLayout, QWidget

from studio.ui.context import UiContext
from studio.ui.labels import when
from studio.ui.pages.base import configure_table, fit_columns, muted
from studio.workflow.export_history import ExportRow, recent_exports

SHOWN = 20


class ExportHistory(QWidget):
    def __init__(self, ctx: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.model = QStandardItemModel(0, 6, self)
        self.model.setHorizontalHeaderLabels([
            self.tr("Export"), self.tr("When"), self.tr("Who"), self.tr("Format"),
            self.tr("Posts"), self.tr("Where")])
        self.table = QTableView()
        self.table.setModel(self.model)
        configure_table(self.table, self.tr("Past exports"), stretch=5)
        self.table.setTextElideMode(Qt.TextElideMode.ElideMiddle)   # keep the E-n folder
        self.empty = muted(self.tr("No exports yet."))
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.empty)

    def reload(self) -> None:
        lib = self.ctx.lib
        self.ctx.query(lambda: recent_exports(lib, limit=SHOWN), self._fill, owner=self)

    def _fill(self, rows: list[ExportRow]) -> None:
        self.model.removeRows(0, self.model.rowCount())
        tz = self.ctx.lib.timezone
        kinds = {"posts": self.tr("packages"), "calendar": self.tr("calendar")}
        for row in rows:
            kind = kinds.get(row.kind, row.kind)
            fmt = kind if row.format == "package" else f"{kind}: {row.format}"
            items = [QStandardItem(text) for text in (
                row.display_id, when(row.at, tz), row.username, fmt, str(row.posts),
                row.location)]
            items[5].setToolTip(row.location)
            self.model.appendRow(items)
        fit_columns(self.table, range(5))
        self.empty.setVisible(not rows)
