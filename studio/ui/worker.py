"""The database worker: one background thread that runs library calls in order.

SQLite has one writer and SQLCipher decrypts every page, so library work goes through a single
serial thread (STYLE.md, take 3) and the window keeps painting meanwhile: an argon2 unlock
(about half a second, up to 30 s after repeated wrong passwords) must never freeze the UI.

Results come back through one long-lived relay object that lives on the UI thread: the job
emits (job number, outcome) from the worker thread, the queued signal arrives on the UI thread,
and the relay calls that job's callback. One relay for all jobs, instead of a QObject and a
fresh signal connection per job, keeps object churn (and PySide's receiver bookkeeping) out of
a path that runs on every keystroke of the composer. A job never lets an exception escape into
the thread: it is handed to ``failed`` instead.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal, Slot


class _Relay(QObject):
    """Lives on the UI thread; jobs emit through it from the worker thread."""

    answered = Signal(int, bool, object)     # job number, succeeded, result or exception


class _Job(QRunnable):
    def __init__(self, number: int, fn: Callable[[], Any], relay: _Relay) -> None:
        super().__init__()
        self._number = number
        self._fn = fn
        self._relay = relay

    def run(self) -> None:
        try:
            result = self._fn()
        except BaseException as exc:
            self._relay.answered.emit(self._number, False, exc)
            return
        self._relay.answered.emit(self._number, True, result)


class DatabaseWorker(QObject):
    """A single background thread for library calls; jobs run one at a time, in order."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._pool = QThreadPool(self)
        self._pool.setMaxThreadCount(1)
        self._relay = _Relay(self)
        self._relay.answered.connect(self._answer)
        self._numbers = itertools.count(1)
        self._waiting: dict[int, tuple[Callable[[Any], None],
                                       Callable[[BaseException], None]]] = {}

    def submit(self, fn: Callable[[], Any], done: Callable[[Any], None],
               failed: Callable[[BaseException], None]) -> None:
        """Run ``fn()`` off the UI thread, then ``done(result)`` or ``failed(exc)`` on it."""
        number = next(self._numbers)
        self._waiting[number] = (done, failed)
        self._pool.start(_Job(number, fn, self._relay))

    @Slot(int, bool, object)
    def _answer(self, number: int, ok: bool, outcome: object) -> None:
        callbacks = self._waiting.pop(number, None)
        if callbacks is None:
            return
        done, failed = callbacks
        if ok:
            done(outcome)
        else:
            failed(outcome)  # type: ignore[arg-type]

    def pending(self) -> int:
        """Jobs submitted whose answer has not been delivered yet."""
        return len(self._waiting)

    def wait(self, msecs: int = -1) -> bool:
        """Block until every submitted job has finished (shutdown and tests)."""
        return self._pool.waitForDone(msecs)
