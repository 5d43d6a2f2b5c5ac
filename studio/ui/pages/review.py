"""The Review screen: posts waiting for a compliance decision, the longest-waiting first.

The queue and each post's review packet come from :mod:`studio.workflow.review_queries` on the
worker. Everyone can open this screen; only what the workflow allows is enabled.
"""

from __future__ import annotations

from PySide6.QtCore import QItemSelection
from PySide6.QtGui import QStandardItem, QStandardItemModel
from PySide6.QtWidgets import (
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from studio.ui import labels
from studio.ui.context import CONSENT, POST, REVIEW, UiContext
from studio.ui.pages.base import Page, configure_table, fit_columns, heading, muted
from studio.ui.review.packet_view import PacketView
from studio.workflow.review_queries import QueueRow, ReviewPacket, review_packet, review_queue


class ReviewPage(Page):
    watches = frozenset({POST, REVIEW, CONSENT})

    def __init__(self, ctx: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.queue: list[QueueRow] = []
        self._want: str | None = None
        self.empty_label = muted()
        self.model = QStandardItemModel(0, 4, self)
        self.model.setHorizontalHeaderLabels(
            [self.tr("Post"), self.tr("Channel"), self.tr("Waiting since"), self.tr("By")])
        self.table = QTableView()
        self.table.setModel(self.model)
        configure_table(self.table, self.tr("Posts waiting for review"))
        self.table.selectionModel().selectionChanged.connect(self._selected)
        self.packet_view = PacketView(ctx)
        self.packet_view.decided.connect(lambda _post: self.reload())
        left = QWidget()
        left_column = QVBoxLayout(left)
        left_column.setContentsMargins(0, 0, 8, 0)
        left_column.addWidget(self.empty_label)
        left_column.addWidget(self.table, 1)
        splitter = QSplitter()
        splitter.addWidget(left)
        splitter.addWidget(self.packet_view)
        splitter.setStretchFactor(0, 2)
        splitter.setStretchFactor(1, 5)
        splitter.setSizes([440, 960])
        splitter.setChildrenCollapsible(False)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 12, 16, 8)
        layout.addWidget(heading(self.tr("Review")))
        layout.addWidget(splitter, 1)
        self.reload()

    def reload(self) -> None:
        lib = self.ctx.lib
        self.ctx.query(lambda: review_queue(lib), self._show_queue, owner=self,
                       title=self.tr("Review"))

    def _show_queue(self, queue: list[QueueRow]) -> None:
        rows = self.table.selectionModel().selectedRows()
        selected = self.queue[rows[0].row()].post.display_id \
            if rows and rows[0].row() < len(self.queue) else None
        current = self._want or selected
        self._want = None
        self.queue = queue
        self.model.removeRows(0, self.model.rowCount())
        zone = self.ctx.lib.timezone
        for item in queue:
            self.model.appendRow([QStandardItem(item.post.display_id),
                                  QStandardItem(labels.channel(item.post.channel)),
                                  QStandardItem(labels.when(item.submitted_at, zone)),
                                  QStandardItem(item.submitted_by)])
        fit_columns(self.table, (0, 1, 2))
        self.table.horizontalHeader().setStretchLastSection(True)
        self.empty_label.setText(self.tr("Nothing is waiting for review.") if not queue else
                                 self.tr("{n} waiting, the longest-waiting first.").format(
                                     n=len(queue)))
        self.status_changed.emit(self.status_text())
        ids = [q.post.display_id for q in queue]
        if current in ids:
            self.table.selectRow(ids.index(current))
        elif queue:
            self.table.selectRow(0)
        else:
            self.packet_view.show_packet(None)

    def status_text(self) -> str:
        return self.empty_label.text()

    def _selected(self, _now: QItemSelection, _before: QItemSelection) -> None:
        rows = self.table.selectionModel().selectedRows()
        if not rows or rows[0].row() >= len(self.queue):
            self.packet_view.show_packet(None)
            return
        post, lib = self.queue[rows[0].row()].post.display_id, self.ctx.lib
        self.ctx.query(lambda: review_packet(lib, post), self._show_packet, owner=self)

    def _show_packet(self, packet: ReviewPacket) -> None:
        rows = self.table.selectionModel().selectedRows()
        if rows and self.queue[rows[0].row()].post.display_id == packet.detail.row.display_id:
            self.packet_view.show_packet(packet)

    def open_item(self, display_id: str) -> bool:
        self._want = display_id.upper()
        self.reload()
        return True
