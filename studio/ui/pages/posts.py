"""The Posts screen: every post with its status and schedule, and the composer for one story.

Filters are by status and channel (the workflow's ``list_posts``). Opening a post, or "Write
posts…" on a story, swaps the list for the composer on that story; Back returns.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QModelIndex
from PySide6.QtGui import QStandardItem, QStandardItemModel
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QStackedLayout,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from studio.models.enums import CHANNELS, POST_STATUSES
from studio.ui import labels
from studio.ui.compose.composer import Composer
from studio.ui.context import CONSENT, MEDIA, POST, REVIEW, UiContext
from studio.ui.pages.base import Page, configure_table, fit_columns, heading, muted
from studio.workflow.post_queries import show_post
from studio.workflow.post_views import PostRow
from studio.workflow.posts import list_posts

LIST_LIMIT = 1000


class PostsPage(Page):
    watches = frozenset({POST, REVIEW, CONSENT, MEDIA})

    def __init__(self, ctx: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.rows: list[PostRow] = []
        self.composer: Composer | None = None
        self.status_filter = QComboBox()
        self.status_filter.setAccessibleName(self.tr("Show posts with status"))
        self.status_filter.addItem(self.tr("Any status"), "")
        for status in POST_STATUSES:
            self.status_filter.addItem(labels.post_status(status), status)
        self.channel_filter = QComboBox()
        self.channel_filter.setAccessibleName(self.tr("Show posts for channel"))
        self.channel_filter.addItem(self.tr("Any channel"), "")
        for name in CHANNELS:
            self.channel_filter.addItem(labels.channel(name), name)
        top = QHBoxLayout()
        top.addWidget(heading(self.tr("Posts")), 1)
        top.addWidget(QLabel(self.tr("Status:")))
        top.addWidget(self.status_filter)
        top.addWidget(QLabel(self.tr("Channel:")))
        top.addWidget(self.channel_filter)
        self.hint = muted(self.tr("Posts are written from a story: open a story and choose "
                                  "Write posts…, or open a post here (Enter or double-click)."))
        self.model = QStandardItemModel(0, 7, self)
        self.model.setHorizontalHeaderLabels(
            [self.tr("Post"), self.tr("Story"), self.tr("Channel"), self.tr("Title"),
             self.tr("Status"), self.tr("Scheduled"), self.tr("Author")])
        self.table = QTableView()
        self.table.setModel(self.model)
        configure_table(self.table, self.tr("Posts"), stretch=3)
        self.table.doubleClicked.connect(self._open_index)
        self.table.activated.connect(self._open_index)
        list_page = QWidget()
        column = QVBoxLayout(list_page)
        column.setContentsMargins(16, 12, 16, 8)
        column.addLayout(top)
        column.addWidget(self.hint)
        column.addWidget(self.table, 1)
        self._stack = QStackedLayout(self)
        self._stack.addWidget(list_page)
        self.status_filter.currentIndexChanged.connect(self.reload)
        self.channel_filter.currentIndexChanged.connect(self.reload)
        self.reload()

    def reload(self) -> None:
        lib = self.ctx.lib
        status = str(self.status_filter.currentData() or "") or None
        channel = str(self.channel_filter.currentData() or "") or None
        self.ctx.query(lambda: list_posts(lib, status=status, channel=channel,
                                          limit=LIST_LIMIT),
                       self._show, owner=self, title=self.tr("Posts"))
        if self.composer is not None:
            self.composer.reload()

    def _show(self, rows: list[PostRow]) -> None:
        self.rows = rows
        self.model.removeRows(0, self.model.rowCount())
        zone = self.ctx.lib.timezone
        for row in rows:
            self.model.appendRow([QStandardItem(v) for v in (
                row.display_id, row.story, labels.channel(row.channel), row.title,
                labels.post_status(row.status), labels.when(row.scheduled_at, zone),
                row.author)])
        fit_columns(self.table, (0, 1, 2, 4, 5, 6))
        self.status_changed.emit(self.status_text())

    def status_text(self) -> str:
        n = len(self.rows)
        return {0: self.tr("No posts"), 1: self.tr("1 post")}.get(
            n, self.tr("{n} posts").format(n=n))

    # -- unsaved edits in the composer -----------------------------------------------------
    def unsaved_changes(self) -> str | None:
        return self.composer.unsaved_changes() if self.composer is not None else None

    def save_unsaved(self, done: Callable[[str | None], None]) -> None:
        if self.composer is not None:
            self.composer.save_unsaved(done)
        else:
            done(None)

    # -- the composer ----------------------------------------------------------------------
    def _open_index(self, index: QModelIndex) -> None:
        if index.isValid() and index.row() < len(self.rows):
            row = self.rows[index.row()]
            self.compose(row.story, row.display_id)

    def open_item(self, display_id: str) -> bool:
        target = display_id.upper()
        if target.startswith("COMPOSE:"):
            self.compose(display_id.split(":", 1)[1].upper())
            return True
        row = next((r for r in self.rows if r.display_id == target), None)
        if row is not None:
            self.compose(row.story, row.display_id)
            return True
        lib = self.ctx.lib  # not listed (filtered out, or beyond the list): ask the worker
        self.ctx.query(lambda: show_post(lib, target).row,
                       lambda found: self.compose(found.story, found.display_id), owner=self,
                       title=self.tr("Posts"))
        return True

    def compose(self, story: str, focus: str | None = None) -> Composer:
        self.close_composer()
        composer = Composer(self.ctx, story, focus)
        composer.back_requested.connect(self.close_composer)
        self.composer = composer
        self._stack.addWidget(composer)
        self._stack.setCurrentWidget(composer)
        return composer

    def close_composer(self) -> None:
        composer, self.composer = self.composer, None
        if composer is not None:
            self._stack.removeWidget(composer)
            composer.deleteLater()
        self._stack.setCurrentIndex(0)
        self.table.setFocus()
