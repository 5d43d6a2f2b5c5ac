"""The reads behind a paged list model: the next page, on the database worker or at once.

Both long lists (stories, audit events) page the same way: at most one page in flight, the
end reached when a page comes back short, and answers for an older listing (the model was
refreshed meanwhile) or a deleted model dropped. This object keeps that bookkeeping so each
model only says how to read a page and what to do with it.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Generic, TypeVar

import shiboken6
from PySide6.QtCore import QObject

T = TypeVar("T")
Reader = Callable[[], list[T]]
# submit(fn, done, failed): run fn off the UI thread, answer on it (UiContext.worker.submit)
Submit = Callable[[Callable[[], Any], Callable[[Any], None], Callable[[BaseException], None]],
                  None]


class PagedReads(Generic[T]):
    """Reads pages of ``size`` for ``owner``; without ``submit`` they are read at once."""

    def __init__(self, owner: QObject, size: int, submit: Submit | None,
                 failed: Callable[[BaseException], None]) -> None:
        self._owner = owner
        self.size = size
        self.submit = submit
        self._failed = failed
        self.fetching = False       # a page is being read on the worker
        self.exhausted = False      # the last page came back short
        self.generation = 0         # bumped by restart: late answers are dropped

    def restart(self) -> None:
        """A new listing: forget the end, drop every answer still on its way."""
        self.generation += 1
        self.fetching = self.exhausted = False

    def read_now(self, reader: Reader[T]) -> list[T]:
        page = reader()
        self.exhausted = len(page) < self.size
        return page

    def current(self, generation: int) -> bool:
        """Whether an answer asked for at ``generation`` is still wanted."""
        return shiboken6.isValid(self._owner) and generation == self.generation

    def request(self, reader: Reader[T], arrived: Callable[[list[T]], None]) -> None:
        """Read the next page on the worker and hand it to ``arrived``, unless one is already
        on its way, the end was reached, or the listing changed before it came."""
        assert self.submit is not None
        if self.fetching or self.exhausted:
            return
        self.fetching = True
        generation = self.generation

        def done(page: list[T]) -> None:
            if self.current(generation):
                self.fetching, self.exhausted = False, len(page) < self.size
                arrived(page)

        def refused(exc: BaseException) -> None:
            if self.current(generation):
                self.fetching, self.exhausted = False, True  # no retry loop from the view
                self._failed(exc)

        self.submit(reader, done, refused)
