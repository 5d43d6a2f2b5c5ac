"""The database worker: one background thread that runs library calls in order.

SQLite has one writer and SQLCipher decrypts every page, so library work goes through a single
serial thread (STYLE.md, take 3) and the window keeps painting meanwhile: an argon2 unlock
(about half a second, up to 30 s after repeated wrong passwords) must never freeze the UI.

Results come back as queued Qt signals, so the callbacks always run on the UI thread. A job
never lets an exception escape into the thread: it is handed to ``failed`` instead.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal


class _Relay(QObject):
    """Lives on the UI thread; the job emits through it from the worker thread."""

    done = Signal(object)
    failed = Signal(object)


class _Job(QRunnable):
    def __init__(self, fn: Callable[[], Any], relay: _Relay) -> None:
        super().__init__()
        self._fn = fn
        self._relay = relay

    def run(self) -> None:
        try:
            result = self._fn()
        except BaseException as exc:
            self._relay.failed.emit(exc)
            return
        self._relay.done.emit(result)


class DatabaseWorker(QObject):
    """A single background thread for library calls; jobs run one at a time, in order."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._pool = QThreadPool(self)
        self._pool.setMaxThreadCount(1)

    def submit(self, fn: Callable[[], Any], done: Callable[[Any], None],
               failed: Callable[[BaseException], None]) -> None:
        """Run ``fn()`` off the UI thread, then ``done(result)`` or ``failed(exc)`` on it."""
        relay = _Relay(self)  # parented: kept alive until the answer has been delivered
        relay.done.connect(done)
        relay.failed.connect(failed)
        relay.done.connect(relay.deleteLater)
        relay.failed.connect(relay.deleteLater)
        self._pool.start(_Job(fn, relay))

    def wait(self, msecs: int = -1) -> bool:
        """Block until every submitted job has finished (shutdown and tests)."""
        return self._pool.waitForDone(msecs)
