"""Search results for the box at the top of the window: the whole library, as you type.

The query runs on the worker; answers to words the person has already typed past are dropped
(each search carries a number), so fast typing never shows results for an older prefix. A
search loads one page of hits (``search_views.PAGE``, about two screenfuls); the table asks
for the next one through ``canFetchMore``/``fetchMore`` when it is scrolled to its end.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QModelIndex, QObject, QPersistentModelIndex, Qt
from PySide6.QtGui import QAction, QKeySequence, QStandardItem, QStandardItemModel
from PySide6.QtWidgets import QTableView, QVBoxLayout, QWidget

from studio.ui.context import CONSENT, POST, STORY, UiContext
from studio.ui.pages.base import Page, configure_table, fit_columns, heading, muted
from studio.workflow.search_views import PAGE, SearchHit, search_library

Index = QModelIndex | QPersistentModelIndex


class HitsModel(QStandardItemModel):
    """The results: the view's ``fetchMore`` at the end of the list asks for the next page,
    which arrives later from the worker (``loading`` keeps it from asking twice)."""

    def __init__(self, fetch: Callable[[], None], parent: QObject | None = None) -> None:
        super().__init__(0, 4, parent)
        self._fetch = fetch
        self.more = False       # the last page was full: there may be more hits
        self.loading = False    # a page is on its way

    def canFetchMore(self, parent: Index = QModelIndex()) -> bool:  # noqa: B008
        return not parent.isValid() and self.more and not self.loading

    def fetchMore(self, parent: Index = QModelIndex()) -> None:  # noqa: B008
        if self.canFetchMore(parent):
            self.loading = True
            self._fetch()


class SearchPage(Page):
    watches = frozenset({STORY, CONSENT, POST})

    def __init__(self, ctx: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.words = ""
        self.hits: list[SearchHit] = []
        self._asked = 0
        self._focus_on_answer = False
        self.title = heading(self.tr("Search"))
        self.summary = muted()
        self.model = HitsModel(self._fetch_more, self)
        self.model.setHorizontalHeaderLabels(
            [self.tr("Kind"), self.tr("ID"), self.tr("Title or name"), self.tr("Details")])
        self.table = QTableView()
        self.table.setModel(self.model)
        configure_table(self.table, self.tr("Search results"), stretch=2)
        self.table.doubleClicked.connect(self._open)
        open_action = QAction(self.tr("Open"), self)
        open_action.setShortcut(QKeySequence("Return"))
        open_action.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
        open_action.triggered.connect(lambda: self._open(self.table.currentIndex()))
        self.table.addAction(open_action)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 12, 16, 8)
        layout.addWidget(self.title)
        layout.addWidget(self.summary)
        layout.addWidget(self.table, 1)

    def set_words(self, words: str) -> None:
        self.words = words
        self.reload()

    def reload(self) -> None:
        self._asked += 1
        self.model.loading = True  # no next page of the previous search
        asked, words, lib = self._asked, self.words, self.ctx.lib
        self.ctx.query(lambda: search_library(lib, words),
                       lambda hits: self._show(asked, hits, first=True), owner=self,
                       title=self.tr("Search"))

    def _fetch_more(self) -> None:
        asked, words, lib, offset = self._asked, self.words, self.ctx.lib, len(self.hits)
        self.ctx.query(lambda: search_library(lib, words, offset=offset),
                       lambda hits: self._show(asked, hits, first=False), owner=self,
                       title=self.tr("Search"))

    def _show(self, asked: int, page: list[SearchHit], *, first: bool) -> None:
        if asked != self._asked:
            return  # the person typed on; a newer search is on its way
        if first:
            self.hits = []
            self.model.removeRows(0, self.model.rowCount())
        self.hits = self.hits + page
        kinds = {"story": self.tr("Story"), "subject": self.tr("Person"),
                 "post": self.tr("Post"), "consent": self.tr("Consent"),
                 "media": self.tr("Picture")}
        for hit in page:
            cells = [QStandardItem(kinds.get(hit.kind, hit.kind)), QStandardItem(hit.display_id),
                     QStandardItem(hit.title), QStandardItem(hit.detail)]
            self.model.appendRow(cells)
        self.model.more, self.model.loading = len(page) == PAGE, False
        fit_columns(self.table, (0, 1, 3))
        words = self.words.strip()
        if not words:
            text = self.tr("Type in the search box to search stories, people and ids.")
        elif not self.hits:
            text = self.tr("Nothing matches “{words}”.").format(words=words)
        elif self.model.more:
            text = self.tr("The first {n} results for “{words}”; scroll down for more. Press "
                           "Enter or double-click to open one.").format(n=len(self.hits),
                                                                         words=words)
        else:
            text = self.tr("{n} result(s) for “{words}”. Press Enter or double-click to "
                           "open one.").format(n=len(self.hits), words=words)
        self.summary.setText(text)
        self.status_changed.emit(text)
        if self._focus_on_answer and first:
            self._focus_on_answer = False
            self.focus_results()

    def status_text(self) -> str:
        return self.summary.text()

    def _open(self, index: QModelIndex) -> None:
        if index.isValid() and 0 <= index.row() < len(self.hits):
            self.ctx.open_item(self.hits[index.row()].display_id)

    def focus_results(self, *, when_ready: bool = False) -> None:
        """Move the keyboard to the first result (now, or when the running search answers)."""
        if when_ready and self._asked:
            self._focus_on_answer = True
            return
        if self.model.rowCount():
            self.table.setFocus()
            self.table.selectRow(0)
