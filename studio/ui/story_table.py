"""The story list as a Qt table model that holds ids, not stories.

A library may hold many thousands of stories. The model keeps only the ordered ids it has
fetched, in the order and through the filters of a :class:`StoryListing` that the database
applies (a header click sorts there, not in the view), in pages of 200 through
``canFetchMore``/``fetchMore`` as the view scrolls, and loads the small frozen
:class:`StoryRow` objects for a page when the view first paints one of its rows; loaded rows
are cached, and the cache is bounded so scrolling a huge list stays light (STYLE.md, take 4,
after Anki's browser table).

Given the database worker, both are read there: a page of ids is inserted when it arrives,
and the cells of a page of rows fill in when it arrives (an empty cell meanwhile). Decrypting
a page of rows costs 10-30 ms, which on the UI thread, added to a repaint, stalled a fast
scroll past the 50 ms a person notices (bench/ui.py), and a sorted or filtered page of ids
must not freeze the window either. Without a worker (scripts, tests of the model alone)
everything is read at once; ``story_row`` always loads synchronously, for callers that need
the row now.
"""

from __future__ import annotations

import datetime as dt
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import replace
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    Signal,
)

from studio.library.library import Library
from studio.ui.paged_reads import PagedReads, Submit
from studio.workflow.stories import StoryRow, story_ids, story_rows
from studio.workflow.story_listing import NEWEST_FIRST, STORY_SORTS, StoryListing

PAGE_SIZE = 200
MAX_CACHED_ROWS = 20 * PAGE_SIZE

COL_ID, COL_TITLE, COL_SUBJECT, COL_SERVICE_LINE, COL_STATUS, COL_UPDATED = range(6)
SORT_KEYS = STORY_SORTS  # the workflow's sort key of each column, in column order

Index = QModelIndex | QPersistentModelIndex
_DISPLAY = int(Qt.ItemDataRole.DisplayRole.value)
_TOOLTIP = int(Qt.ItemDataRole.ToolTipRole.value)
_USER = int(Qt.ItemDataRole.UserRole.value)


class StoryTableModel(QAbstractTableModel):
    """Stories in the listing's order (newest first by default), or best match first while a
    search is active. ``ids_arrived`` follows each page of ids (the first one after a reset
    too); ``load_failed(exc)`` when the database refused one."""

    ids_arrived = Signal()
    load_failed = Signal(object)

    def __init__(self, lib: Library, parent: QObject | None = None, *,
                 page_size: int = PAGE_SIZE, submit: Submit | None = None,
                 listing: StoryListing = NEWEST_FIRST) -> None:
        super().__init__(parent)
        self._lib = lib
        self._submit = submit
        self._pending: set[int] = set()     # first rows of pages being loaded on the worker
        self._pages: PagedReads[int] = PagedReads(self, page_size, submit,
                                                  self.load_failed.emit)
        self._page_size = page_size
        self._search = ""
        self._listing = listing
        self._ids: list[int] = []
        self._rows: OrderedDict[int, StoryRow] = OrderedDict()
        self._cells: dict[int, tuple[str, ...]] = {}   # display texts of the cached rows
        self._headers = (self.tr("ID"), self.tr("Title"), self.tr("Subject"),
                         self.tr("Service line"), self.tr("Status"), self.tr("Updated"))
        self._statuses = {"draft": self.tr("Draft"), "ready": self.tr("Ready"),
                          "archived": self.tr("Archived")}
        self._fetch_page()

    # -- what is listed ------------------------------------------------------------------------
    @property
    def search(self) -> str:
        return self._search

    def set_search(self, words: str) -> None:
        """List the stories matching ``words`` (all stories when blank), from the first page."""
        if words == self._search:  # a trailing space matters: it ends a prefix search
            return
        self._search = words
        self.refresh()

    @property
    def listing(self) -> StoryListing:
        return self._listing

    def set_listing(self, listing: StoryListing) -> None:
        """Sort and filter as ``listing`` says (in SQL), from the first page."""
        if listing != self._listing:
            self._listing = listing
            self.refresh()

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        """A click on a column header: that column's order, by the database."""
        if 0 <= column < len(SORT_KEYS):
            self.set_listing(replace(self._listing, sort=SORT_KEYS[column],
                                     descending=order == Qt.SortOrder.DescendingOrder))

    def refresh(self) -> None:
        """Forget every id and row and start again (after a change, or a new search)."""
        self.beginResetModel()
        self._ids = []
        self._rows.clear()
        self._cells.clear()
        self._pending.clear()
        self._pages.restart()
        if self._submit is None:
            self._fetch_page()
        self.endResetModel()
        if self._submit is not None:
            self._fetch_page()

    def _ids_reader(self, offset: int) -> Callable[[], list[int]]:
        lib, search, listing, size = self._lib, self._search, self._listing, self._page_size
        return lambda: story_ids(lib, search=search, limit=size, offset=offset,
                                 as_you_type=True, listing=listing)

    def _fetch_page(self) -> None:
        if self._submit is not None:
            self._request_ids()
            return
        self._ids.extend(self._pages.read_now(self._ids_reader(len(self._ids))))

    def _request_ids(self) -> None:
        """Read the next page of ids on the worker; the rows are inserted when it arrives."""
        offset = len(self._ids)

        def arrived(page: list[int]) -> None:
            if page:
                self.beginInsertRows(QModelIndex(), offset, offset + len(page) - 1)
                self._ids.extend(page)
                self.endInsertRows()
            self.ids_arrived.emit()

        self._pages.request(self._ids_reader(offset), arrived)

    def canFetchMore(self, parent: Index = QModelIndex()) -> bool:  # noqa: B008
        return not parent.isValid() and not self._pages.exhausted

    def fetchMore(self, parent: Index = QModelIndex()) -> None:  # noqa: B008
        if parent.isValid() or self._pages.exhausted:
            return
        if self._submit is not None:
            self._request_ids()
            return
        first = len(self._ids)
        page = self._pages.read_now(self._ids_reader(first))
        if not page:
            return
        self.beginInsertRows(QModelIndex(), first, first + len(page) - 1)
        self._ids.extend(page)
        self.endInsertRows()

    def loading(self) -> bool:
        """Whether a page of ids is being read (the list may grow or fill in shortly)."""
        return self._pages.fetching

    def has_more(self) -> bool:
        """Whether more stories exist beyond the rows listed so far."""
        return not self._pages.exhausted

    # -- rows on demand ------------------------------------------------------------------------
    def story_id(self, row: int) -> int:
        return self._ids[row]

    def story_row(self, row: int) -> StoryRow | None:
        """The row's story, loading its whole page of rows on first use."""
        if not 0 <= row < len(self._ids):
            return None
        story = self._ids[row]
        cached = self._rows.get(story)
        if cached is not None:
            self._rows.move_to_end(story)
            return cached
        start = row - row % self._page_size
        self._store(story_rows(self._lib, self._missing(start)))
        return self._rows.get(story)

    def _missing(self, start: int) -> list[int]:
        return [i for i in self._ids[start:start + self._page_size] if i not in self._rows]

    def _store(self, rows: list[StoryRow]) -> None:
        for loaded in rows:
            self._rows[loaded.id] = loaded
            self._cells[loaded.id] = tuple(self._cell(loaded, c) for c in range(6))
        while len(self._rows) > max(MAX_CACHED_ROWS, self._page_size):
            dropped, _row = self._rows.popitem(last=False)
            self._cells.pop(dropped, None)

    def _request_page(self, row: int) -> None:
        """Load the page holding ``row`` on the worker; its cells repaint when it arrives."""
        assert self._submit is not None
        start = row - row % self._page_size
        if start in self._pending:
            return
        wanted = self._missing(start)
        if not wanted:
            return
        self._pending.add(start)
        lib, generation = self._lib, self._pages.generation

        def loaded(rows: list[StoryRow]) -> None:
            if not self._pages.current(generation):
                return
            self._pending.discard(start)
            self._store(rows)
            removed = set(wanted) - {r.id for r in rows}  # deleted since listed
            for story in removed:
                self._cells[story] = ("", self.tr("(removed)"), "", "", "", "")
            last = min(start + self._page_size, len(self._ids)) - 1
            self.dataChanged.emit(self.index(start, 0), self.index(last, COL_UPDATED))

        self._submit(lambda: story_rows(lib, wanted), loaded,
                     lambda _exc: self._pending.discard(start))

    def cached_row_count(self) -> int:
        return len(self._rows)

    # -- the Qt model interface ----------------------------------------------------------------
    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._ids)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._headers)

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if (orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole
                and 0 <= section < len(self._headers)):
            return self._headers[section]
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        """Called for every visible cell and every role while the view paints, so the common
        path is one int comparison and a tuple lookup (the texts are formatted once per row,
        when its page loads): a 30-row repaint makes some 2,000 of these calls."""
        if role != _DISPLAY and role != _TOOLTIP and role != _USER:
            return None
        if not index.isValid():
            return None
        row = index.row()
        if role == _USER:
            return self._ids[row]
        cells = self._cells.get(self._ids[row]) if row < len(self._ids) else None
        if cells is None and self._submit is not None:
            self._request_page(row)
            return ""
        if cells is None:
            story = self.story_row(row)
            if story is None:  # deleted since the ids were listed
                return self.tr("(removed)") if index.column() == COL_TITLE else ""
            cells = self._cells[story.id]
        text = cells[index.column()]
        if role == _TOOLTIP:
            return text if index.column() in (COL_TITLE, COL_SUBJECT) else None
        return text

    def _cell(self, story: StoryRow, column: int) -> str:
        if column == COL_ID:
            return story.display_id
        if column == COL_TITLE:
            return story.title
        if column == COL_SUBJECT:
            return story.subject
        if column == COL_SERVICE_LINE:
            return story.service_line
        if column == COL_STATUS:
            return self._statuses.get(story.status, story.status)
        if column == COL_UPDATED:
            return self._when(story.updated_at)
        return ""

    def _when(self, moment: dt.datetime) -> str:
        """In the library's time zone, so every workstation shows the same clock time."""
        if moment.tzinfo is None:
            moment = moment.replace(tzinfo=dt.UTC)
        return moment.astimezone(self._lib.timezone).strftime("%Y-%m-%d %H:%M")
