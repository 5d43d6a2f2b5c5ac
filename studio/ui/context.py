"""The UiContext: what every screen is handed instead of reaching for a global app object.

It holds the open library, the database worker and the layout settings, and it is the one way
a screen changes anything: :meth:`UiContext.op` runs a workflow call on the worker, then
announces which kinds of entity changed (Anki's ``CollectionOp`` idea), and every screen
decides for itself whether to reload. Read-only :meth:`UiContext.query` calls go the same way,
so the window keeps painting while SQLCipher decrypts.

Answers that arrive after the screen that asked is gone (closed, or the session locked) are
dropped: ``owner`` must still exist and the context must still be open.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable
from typing import Any

import shiboken6
from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QWidget

from studio.library.library import Library
from studio.ui.dialogs import show_error
from studio.ui.errors import log_if_unexpected, user_message
from studio.ui.settings import UiSettings
from studio.ui.worker import DatabaseWorker

log = logging.getLogger("studio.ui")

# The kinds of entity a change can touch; screens watch the ones they show.
STORY, MEDIA, CONSENT, POST, REVIEW, USER, AUDIT = (
    "story", "media", "consent", "post", "review", "user", "audit")

Done = Callable[[Any], None]
Failed = Callable[[BaseException], None]


class UiContext(QObject):
    """The library session as the screens see it."""

    changed = Signal(object)           # frozenset[str]: the kinds of entity that changed
    open_requested = Signal(str)       # a display id (S-3, P-7, C-2, M-5, PT-1) to show
    closing = Signal()                 # the session ends (lock, quit): stop long work now

    def __init__(self, lib: Library, worker: DatabaseWorker, settings: UiSettings,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.lib = lib
        self.worker = worker
        self.settings = settings
        self.closed = False

    # -- running work ----------------------------------------------------------------------
    def query(self, fn: Callable[[], Any], done: Done, *, owner: QWidget,
              failed: Failed | None = None, title: str = "") -> None:
        """Run the read ``fn`` on the worker; ``done(result)`` on the UI thread."""
        self._submit(fn, done, owner, failed, title, frozenset())

    def op(self, fn: Callable[[], Any], done: Done | None = None, *, changes: Iterable[str],
           owner: QWidget, failed: Failed | None = None, title: str = "") -> None:
        """Run the change ``fn`` on the worker, announce ``changes``, then ``done(result)``.

        A failure is shown as a dialog over ``owner`` unless ``failed`` handles it (an inline
        message, say). Every change writes an audit event, so the audit kind is always added.
        """
        kinds = frozenset(changes) | {AUDIT}
        self._submit(fn, done or (lambda _result: None), owner, failed, title, kinds)

    def submit_read(self, fn: Callable[[], Any], done: Done, failed: Failed) -> None:
        """A read for a paged list model (it checks itself that the answer is still wanted);
        nothing starts once the session is closing."""
        if not self.closed:
            self.worker.submit(fn, done, failed)

    def announce(self, kinds: Iterable[str]) -> None:
        if not self.closed:
            self.changed.emit(frozenset(kinds))

    def open_item(self, display_id: str) -> None:
        if not self.closed:
            self.open_requested.emit(display_id)

    def close(self) -> None:
        """From now on, drop every answer: the library is about to be closed.

        ``closing`` is emitted first, so long work on the worker (an export) can be cancelled
        before the app waits for the worker to finish.
        """
        if not self.closed:
            self.closing.emit()
        self.closed = True

    # -- plumbing --------------------------------------------------------------------------
    def _alive(self, owner: QWidget) -> bool:
        return not self.closed and shiboken6.isValid(owner)

    def _submit(self, fn: Callable[[], Any], done: Done, owner: QWidget,
                failed: Failed | None, title: str, kinds: frozenset[str]) -> None:
        def on_done(result: object) -> None:
            if not self._alive(owner):
                return
            if kinds:
                self.announce(kinds)
            done(result)

        def on_failed(exc: BaseException) -> None:
            log_if_unexpected(exc)
            if not self._alive(owner):
                return
            if failed is not None:
                failed(exc)
            else:
                show_error(owner, title or owner.tr("Patient Story Studio"), user_message(exc))

        self.worker.submit(fn, on_done, on_failed)
