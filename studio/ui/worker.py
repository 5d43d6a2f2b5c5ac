"""The database worker: one background thread that runs library calls in order.

SQLite has one writer and SQLCipher decrypts every page, so library work goes through a single
serial thread (STYLE.md, take 3) and the window keeps painting meanwhile: an argon2 unlock
(about half a second, up to 30 s after repeated wrong passwords) must never freeze the UI.

The thread is a plain Python thread fed by a queue. Each job leaves its outcome in an outbox
and emits only its job number through a relay object that lives on the UI thread; the queued
signal arrives there, and the worker hands the outcome to that job's callback. The design
steers around three PySide6 6.12.0 faults found while building the desktop: QRunnable.run()
and QThreadPool.start(callable) lose a reference to None on every run, a QObject relay per job
crashed on teardown, and a Python object passed through a queued signal argument lost a
reference. An int crosses threads safely; the outcome never crosses through Qt. A job never
lets an exception escape into the thread: it is handed to ``failed`` instead.
"""

from __future__ import annotations

import itertools
import queue
import threading
import time
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, Signal, Slot

Outcome = tuple[bool, Any]                   # (succeeded, result or exception)
Job = tuple[int, Callable[[], Any]]


class _Relay(QObject):
    """Lives on the UI thread; the worker thread emits job numbers through it."""

    answered = Signal(int)


def _serve(jobs: queue.Queue[Job | None], outbox: dict[int, Outcome], relay: _Relay) -> None:
    """The worker thread: run jobs in order until the ``None`` that says stop."""
    while True:
        item = jobs.get()
        try:
            if item is None:
                return
            number, fn = item
            try:
                outcome: Outcome = (True, fn())
            except BaseException as exc:
                outcome = (False, exc)
            outbox[number] = outcome  # one dict store: atomic under the GIL
            relay.answered.emit(number)
        finally:
            jobs.task_done()


class DatabaseWorker(QObject):
    """A single background thread for library calls; jobs run one at a time, in order."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._relay = _Relay()  # owned here, not by a Qt parent: the thread may outlive us
        self._relay.answered.connect(self._answer)
        self._numbers = itertools.count(1)
        self._jobs: queue.Queue[Job | None] = queue.Queue()
        self._outbox: dict[int, Outcome] = {}
        self._waiting: dict[int, tuple[Callable[[Any], None],
                                       Callable[[BaseException], None]]] = {}
        self._thread = threading.Thread(target=_serve, args=(self._jobs, self._outbox,
                                                             self._relay),
                                        name="studio-database", daemon=True)
        self._thread.start()

    def submit(self, fn: Callable[[], Any], done: Callable[[Any], None],
               failed: Callable[[BaseException], None]) -> None:
        """Run ``fn()`` off the UI thread, then ``done(result)`` or ``failed(exc)`` on it."""
        number = next(self._numbers)
        self._waiting[number] = (done, failed)
        self._jobs.put((number, fn))

    @Slot(int)
    def _answer(self, number: int) -> None:
        ok, outcome = self._outbox.pop(number)
        callbacks = self._waiting.pop(number, None)
        if callbacks is None:
            return
        done, failed = callbacks
        if ok:
            done(outcome)
        else:
            failed(outcome)

    def pending(self) -> int:
        """Jobs submitted whose answer has not been delivered yet."""
        return len(self._waiting)

    def wait(self, msecs: int = -1) -> bool:
        """Block until every submitted job has run (shutdown and tests); False on timeout."""
        if msecs < 0:
            self._jobs.join()
            return True
        deadline = time.monotonic() + msecs / 1000
        while self._jobs.unfinished_tasks:
            if time.monotonic() >= deadline:
                return False
            time.sleep(0.005)
        return True

    def running(self) -> bool:
        """Whether jobs submitted now will run (False once :meth:`stop` has ended the thread)."""
        return self._thread.is_alive()

    def stop(self) -> None:
        """Finish the queued jobs, then end the thread (the app is quitting)."""
        if self._thread.is_alive():
            self._jobs.put(None)
            self._thread.join()
