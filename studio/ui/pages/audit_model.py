"""The audit log as a table model that pages through the workflow's ``find_events``.

The log grows forever; the model fetches 200 events at a time as the view scrolls
(``canFetchMore``/``fetchMore``), newest first, with the screen's filters, each page read on
the database worker.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from typing import Any
from zoneinfo import ZoneInfo

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
from studio.workflow.audit_log import EventRow, find_events

PAGE = 200
Index = QModelIndex | QPersistentModelIndex


class AuditModel(QAbstractTableModel):
    """Events newest first; given ``submit`` (the database worker), pages are read there and
    inserted when they arrive (``page_arrived``), otherwise at once."""

    page_arrived = Signal()
    load_failed = Signal(object)

    def __init__(self, lib: Library, parent: QObject | None = None, *,
                 submit: Submit | None = None) -> None:
        super().__init__(parent)
        self._lib = lib
        self._filters: dict[str, str] = {}
        self.rows: list[EventRow] = []
        self._pages: PagedReads[EventRow] = PagedReads(self, PAGE, submit,
                                                       self.load_failed.emit)
        self._headers = (self.tr("#"), self.tr("When"), self.tr("Who"), self.tr("Action"),
                         self.tr("What"), self.tr("Details"))

    def set_filters(self, *, actor: str = "", action: str = "", entity: str = "") -> None:
        self._filters = {"actor": actor, "action": action, "entity": entity}
        self.refresh()

    def refresh(self) -> None:
        self.beginResetModel()
        self.rows = []
        self._pages.restart()
        if self._pages.submit is None:
            self.rows = self._pages.read_now(self._reader(0))
        self.endResetModel()
        if self._pages.submit is not None:
            self._request()

    def _reader(self, offset: int) -> Callable[[], list[EventRow]]:
        lib, filters = self._lib, dict(self._filters)
        return lambda: find_events(lib, limit=PAGE, offset=offset, **filters)

    def _request(self) -> None:
        def arrived(page: list[EventRow]) -> None:
            self._insert(page)
            self.page_arrived.emit()

        self._pages.request(self._reader(len(self.rows)), arrived)

    def loading(self) -> bool:
        """Whether a page of events is being read on the worker."""
        return self._pages.fetching

    def _insert(self, page: list[EventRow]) -> None:
        if page:
            self.beginInsertRows(QModelIndex(), len(self.rows), len(self.rows) + len(page) - 1)
            self.rows.extend(page)
            self.endInsertRows()

    def canFetchMore(self, parent: Index = QModelIndex()) -> bool:  # noqa: B008
        return not parent.isValid() and not self._pages.exhausted

    def fetchMore(self, parent: Index = QModelIndex()) -> None:  # noqa: B008
        if parent.isValid() or self._pages.exhausted:
            return
        if self._pages.submit is not None:
            self._request()
        else:
            self._insert(self._pages.read_now(self._reader(len(self.rows))))

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._headers)

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self._headers[section]
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or role not in (Qt.ItemDataRole.DisplayRole,
                                               Qt.ItemDataRole.ToolTipRole):
            return None
        event = self.rows[index.row()]
        column = index.column()
        if role == Qt.ItemDataRole.ToolTipRole:
            return event.details if column == 5 else None
        return (str(event.seq), _local(event.at, self._lib.timezone), event.actor, event.action,
                event.entity, readable(event.details))[column]


def readable(details: str) -> str:
    """The event's JSON details as "key: value" pairs, long digests shortened (the tooltip
    keeps the exact text)."""
    try:
        data = json.loads(details) if details else {}
    except ValueError:
        return details
    if not isinstance(data, dict):
        return details
    parts = []
    for key, value in data.items():
        if isinstance(value, list):
            value = ", ".join(str(v) for v in value) or "—"
        elif value is None:
            value = "—"
        text = str(value)
        if len(text) > 20 and all(c in "0123456789abcdef" for c in text):
            text = text[:10] + "…"
        parts.append(f"{key.replace('_', ' ')}: {text}")
    return " · ".join(parts)


def _local(stamp: str, zone: ZoneInfo) -> str:
    """Audit times are stored as UTC ISO strings; staff read them in the library's zone."""
    try:
        moment = dt.datetime.fromisoformat(stamp)
    except ValueError:
        return stamp
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=dt.UTC)
    return moment.astimezone(zone).strftime("%Y-%m-%d %H:%M:%S")
