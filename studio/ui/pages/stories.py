"""The Stories screen: the paged story list, and one story opened in place of it.

The list is :class:`StoryTableModel` (ids in pages, rows on demand), so a 100,000-story
library scrolls smoothly. Opening a story swaps the list for the story view; Back (Alt+Left or
Escape) returns to the list where it was, after asking when the story has unsaved edits.
New story… (Ctrl+N while this screen is shown) opens :class:`NewStoryDialog`; the new story
opens once it is saved.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtGui import QAction, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QPushButton,
    QStackedLayout,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from studio.ui.context import CONSENT, MEDIA, POST, STORY, UiContext
from studio.ui.errors import user_message
from studio.ui.pages.base import Page, heading
from studio.ui.story.list_filters import StoryFilterBar
from studio.ui.story_table import (
    COL_ID,
    COL_SERVICE_LINE,
    COL_STATUS,
    COL_SUBJECT,
    COL_TITLE,
    COL_UPDATED,
    SORT_KEYS,
    StoryTableModel,
)
from studio.ui.widgets.dialog_parts import gate
from studio.workflow.abilities import why_not_do
from studio.workflow.stories import StoryRow, count_stories
from studio.workflow.story_listing import StoryListing

if TYPE_CHECKING:  # imported when first used: start-up stays fast
    from studio.ui.pages.story_view import StoryView
    from studio.ui.story.new_story_dialog import NewStoryDialog

HEADER_STATE = "stories/header"


class StoriesPage(Page):
    watches = frozenset({STORY, MEDIA, CONSENT, POST})

    def __init__(self, ctx: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.total: int | None = None       # stories the listing shows; None while counting
        self._counting = 0                  # the newest count asked for; older ones are dropped
        listing = ctx.settings.story_listing
        self.model = StoryTableModel(ctx.lib, self, submit=ctx.submit_read, listing=listing)
        self.table = self._build_table()
        self.story_view: StoryView | None = None
        self.filters = StoryFilterBar(ctx)
        self.filters.choose(listing.service_line, listing.status, listing.consent)
        self.filters.changed.connect(self._filters_changed)

        self.new_button = QPushButton(self.tr("&New story…"))
        gate(self.new_button, why_not_do(ctx.lib, "story.add"),
             self.tr("Add a patient's story (Ctrl+N)"))
        self.new_button.clicked.connect(self.new_story)
        # Only while this screen is shown: a hidden widget's shortcut does not fire, so the
        # Consents screen keeps its own Ctrl+N.
        QShortcut(QKeySequence("Ctrl+N"), self, self.new_button.click,
                  context=Qt.ShortcutContext.WindowShortcut)
        self.new_dialog: NewStoryDialog | None = None

        list_page = QWidget()
        column = QVBoxLayout(list_page)
        column.setContentsMargins(16, 12, 16, 8)
        top = QHBoxLayout()
        top.addWidget(heading(self.tr("Stories")), 1)
        top.addWidget(self.filters, 0, Qt.AlignmentFlag.AlignBottom)
        top.addSpacing(12)
        top.addWidget(self.new_button, 0, Qt.AlignmentFlag.AlignBottom)
        column.addLayout(top)
        column.addWidget(self.table, 1)
        self._stack = QStackedLayout(self)
        self._stack.addWidget(list_page)

        self.open_action = QAction(self.tr("&Open story"), self)
        self.open_action.setShortcut(QKeySequence("Return"))
        self.open_action.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
        self.open_action.triggered.connect(self._open_current)
        self.table.addAction(self.open_action)
        self.model.load_failed.connect(self._load_failed)
        self.model.modelReset.connect(self._count)
        self._count()
        self.filters.reload()

    def _build_table(self) -> QTableView:
        table = QTableView()
        table.setModel(self.model)
        table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        table.setAlternatingRowColors(True)
        table.setWordWrap(False)
        table.setShowGrid(False)
        table.verticalHeader().hide()
        table.setAccessibleName(self.tr("Stories"))
        table.doubleClicked.connect(self._open_index)
        header = table.horizontalHeader()
        header.setHighlightSections(False)
        header.setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        metrics = table.fontMetrics()
        # Widths from the font, not from the rows: measuring rows would load every page.
        samples = {COL_ID: "S-00000", COL_SUBJECT: "Kwame Osei-Lindqvist",
                   COL_SERVICE_LINE: "Physical therapy", COL_STATUS: "Archived",
                   COL_UPDATED: "2026-12-31 23:59"}
        for col, sample in samples.items():
            title = str(self.model.headerData(col, Qt.Orientation.Horizontal))
            width = max(metrics.horizontalAdvance(sample), metrics.horizontalAdvance(title))
            header.setSectionResizeMode(col, QHeaderView.ResizeMode.Interactive)
            header.resizeSection(col, width + 3 * metrics.averageCharWidth() + 8)
        header.setSectionResizeMode(COL_TITLE, QHeaderView.ResizeMode.Stretch)
        table.verticalHeader().setDefaultSectionSize(metrics.height() + 10)
        saved = self.ctx.settings.layout_state(HEADER_STATE)
        if saved is not None:
            header.restoreState(saved)
        # A header click sorts in the database (StoryTableModel.sort); the indicator starts as
        # the listing remembered on this computer, so enabling sorting changes nothing.
        listing = self.model.listing
        header.setSortIndicator(SORT_KEYS.index(listing.sort), Qt.SortOrder.DescendingOrder
                                if listing.descending else Qt.SortOrder.AscendingOrder)
        header.setSortIndicatorShown(True)
        table.setSortingEnabled(True)
        header.sortIndicatorChanged.connect(lambda _c, _o: self._remember())
        return table

    # -- Page ------------------------------------------------------------------------------
    def reload(self) -> None:
        self.model.refresh()
        self.filters.reload()
        view = self.story_view
        if view is not None and hasattr(view, "reload"):
            view.reload()

    def status_text(self) -> str:
        """How many stories the list shows; "…" until the database has counted them."""
        total = self.total
        if total is None:
            return "…"
        if self.model.listing.filtered:
            return {0: self.tr("No stories match these filters"),
                    1: self.tr("1 story matches these filters")}.get(
                total, self.tr("{n} stories match these filters").format(n=total))
        return {0: self.tr("No stories yet"), 1: self.tr("1 story")}.get(
            total, self.tr("{n} stories").format(n=total))

    def _count(self) -> None:
        """Count what the listing shows, on the worker (after each reset of the list)."""
        self._counting += 1
        asked, lib, listing = self._counting, self.ctx.lib, self.model.listing
        self.total = None
        self._announce()
        self.ctx.query(lambda: count_stories(lib, listing),
                       lambda total: self._counted(asked, total), owner=self,
                       title=self.tr("Stories"))

    def _counted(self, asked: int, total: int) -> None:
        if asked == self._counting:
            self.total = total
            self._announce()

    def _announce(self) -> None:
        # With a story open the status bar keeps what the story view said (what was saved).
        if self.isVisible() and self.story_view is None:
            self.status_changed.emit(self.status_text())

    def _load_failed(self, exc: BaseException) -> None:
        if self.isVisible():
            self.status_changed.emit(self.tr("The story list could not be read: {reason}")
                                     .format(reason=user_message(exc)))

    # -- sorting and filters ---------------------------------------------------------------
    def _filters_changed(self) -> None:
        listing = self.model.listing
        self.model.set_listing(StoryListing(listing.sort, listing.descending,
                                            self.filters.service_line(), self.filters.status(),
                                            self.filters.consent()))
        self._remember()

    def _remember(self) -> None:
        """Keep the sort and filters for the next time this computer opens the list."""
        self.ctx.settings.story_listing = self.model.listing
        self.ctx.settings.sync()

    def save_layout(self) -> None:
        self.ctx.settings.set_layout_state(HEADER_STATE,
                                           self.table.horizontalHeader().saveState())

    # -- unsaved edits of the open story ---------------------------------------------------
    def unsaved_changes(self) -> str | None:
        view = self.story_view
        return view.unsaved_changes() if view is not None else None

    def save_unsaved(self, done: Callable[[str | None], None]) -> None:
        view = self.story_view
        if view is not None:
            view.save_unsaved(done)
        else:
            done(None)

    # -- opening ---------------------------------------------------------------------------
    def open_item(self, display_id: str) -> bool:
        if not display_id.upper().startswith("S-"):
            return False
        self.show_story(display_id.upper())
        return True

    def _open_current(self) -> None:
        self._open_index(self.table.currentIndex())

    def _open_index(self, index: QModelIndex) -> None:
        if index.isValid():  # display ids are derived from ids: nothing to read here
            self.show_story(f"S-{self.model.story_id(index.row())}")

    def show_story(self, display_id: str) -> None:
        """Open ``display_id``; a story open with unsaved changes asks first."""
        view = self.story_view
        if view is None:
            self._replace_story(display_id)
        elif view.display_id == display_id:
            self._stack.setCurrentWidget(view)  # the same story: keep what is being typed
        else:
            view.request_leave(lambda: self._replace_story(display_id))

    def _replace_story(self, display_id: str) -> None:
        from studio.ui.pages.story_view import StoryView

        self.close_story()
        view = StoryView(self.ctx, display_id)
        view.back_requested.connect(self.close_story)
        view.status.connect(self.status_changed)
        self.story_view = view
        self._stack.addWidget(view)
        self._stack.setCurrentWidget(view)

    # -- adding ----------------------------------------------------------------------------
    def new_story(self) -> None:
        if not self.new_button.isEnabled():
            return
        from studio.ui.story.new_story_dialog import NewStoryDialog

        dialog = NewStoryDialog(self.ctx, self)
        dialog.created.connect(self._story_added)
        dialog.finished.connect(dialog.deleteLater)
        self.new_dialog = dialog
        dialog.open()

    def _story_added(self, row: StoryRow) -> None:
        self.show_story(row.display_id)
        self.status_changed.emit(self.tr("Added {id}. Add pictures, record consent, then "
                                         "write posts.").format(id=row.display_id))

    def close_story(self) -> None:
        view, self.story_view = self.story_view, None
        if view is not None:
            self._stack.removeWidget(view)
            view.deleteLater()
        self._stack.setCurrentIndex(0)
        self.table.setFocus()
