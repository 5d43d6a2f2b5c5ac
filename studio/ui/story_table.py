"""The story list as a Qt table model that holds ids, not stories.

A library may hold many thousands of stories. The model keeps only the ordered ids it has
fetched (in pages of 200, through ``canFetchMore``/``fetchMore`` as the view scrolls) and loads
the small frozen :class:`StoryRow` objects for a page when the view first paints one of its
rows; loaded rows are cached, and the cache is bounded so scrolling a huge list stays light
(STYLE.md, take 4, after Anki's browser table).
"""

from __future__ import annotations

import datetime as dt
from collections import OrderedDict
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, QPersistentModelIndex, Qt

from studio.library.library import Library
from studio.workflow.stories import StoryRow, story_ids, story_rows

PAGE_SIZE = 200
MAX_CACHED_ROWS = 20 * PAGE_SIZE

COL_ID, COL_TITLE, COL_SUBJECT, COL_SERVICE_LINE, COL_STATUS, COL_UPDATED = range(6)

Index = QModelIndex | QPersistentModelIndex


class StoryTableModel(QAbstractTableModel):
    """Stories newest first, or best match first while a search is active."""

    def __init__(self, lib: Library, parent: QObject | None = None, *,
                 page_size: int = PAGE_SIZE) -> None:
        super().__init__(parent)
        self._lib = lib
        self._page_size = page_size
        self._search = ""
        self._ids: list[int] = []
        self._exhausted = False
        self._rows: OrderedDict[int, StoryRow] = OrderedDict()
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

    def refresh(self) -> None:
        """Forget every id and row and start again (after a change, or a new search)."""
        self.beginResetModel()
        self._ids = []
        self._rows.clear()
        self._exhausted = False
        self._fetch_page()
        self.endResetModel()

    def _next_page(self) -> list[int]:
        page = story_ids(self._lib, search=self._search, limit=self._page_size,
                         offset=len(self._ids), as_you_type=True)
        self._exhausted = len(page) < self._page_size
        return page

    def _fetch_page(self) -> None:
        self._ids.extend(self._next_page())

    def canFetchMore(self, parent: Index = QModelIndex()) -> bool:  # noqa: B008
        return not parent.isValid() and not self._exhausted

    def fetchMore(self, parent: Index = QModelIndex()) -> None:  # noqa: B008
        if parent.isValid() or self._exhausted:
            return
        first = len(self._ids)
        page = self._next_page()
        if not page:
            return
        self.beginInsertRows(QModelIndex(), first, first + len(page) - 1)
        self._ids.extend(page)
        self.endInsertRows()

    def has_more(self) -> bool:
        """Whether more stories exist beyond the rows listed so far."""
        return not self._exhausted

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
        wanted = [i for i in self._ids[start:start + self._page_size] if i not in self._rows]
        for loaded in story_rows(self._lib, wanted):
            self._rows[loaded.id] = loaded
        while len(self._rows) > max(MAX_CACHED_ROWS, self._page_size):
            self._rows.popitem(last=False)
        return self._rows.get(story)

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
        if not index.isValid():
            return None
        if role == Qt.ItemDataRole.UserRole:
            return self._ids[index.row()]
        if role not in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return None
        story = self.story_row(index.row())
        if story is None:  # deleted since the ids were listed
            return self.tr("(removed)") if index.column() == COL_TITLE else ""
        text = self._cell(story, index.column())
        if role == Qt.ItemDataRole.ToolTipRole:
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
