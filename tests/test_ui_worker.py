"""The database worker and signal emits keep Python's reference counts whole.

PySide6 6.12.0 loses a reference to True on every Python emit and one to None on every
QRunnable.run; on Python 3.11 that aborts the app once the count reaches zero. These tests
would fail (or abort) if the workarounds in studio/ui/signals.py and worker.py regressed.
"""

from __future__ import annotations

import sys

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from studio.ui.refcounts import PROTECTED
from studio.ui.signals import emit
from studio.ui.worker import DatabaseWorker


class _Sender(QObject):
    ping = Signal(int)


def _counts() -> tuple[int, int, int]:
    return sys.getrefcount(None), sys.getrefcount(True), sys.getrefcount(False)


def test_emits_do_not_drain_true(qtbot: QtBot) -> None:
    sender = _Sender()
    seen: list[int] = []
    sender.ping.connect(seen.append)
    before = sys.getrefcount(True)
    for i in range(5000):
        emit(sender.ping, i)
    assert len(seen) == 5000
    assert sys.getrefcount(True) >= before - 5


def test_worker_answers_in_order_without_draining_singletons(qtbot: QtBot) -> None:
    worker = DatabaseWorker()
    answers: list[object] = []
    before = _counts()
    for i in range(3000):
        worker.submit(lambda i=i: (None, True, False)[i % 3], answers.append, answers.append)
    worker.submit(lambda: 1 / 0, answers.append, lambda exc: answers.append(type(exc)))
    worker.wait()
    qtbot.waitUntil(lambda: worker.pending() == 0, timeout=10_000)
    assert answers[:3] == [None, True, False] and answers[-1] is ZeroDivisionError
    answers.clear()
    QApplication.processEvents()
    after = _counts()
    # Passing None, True and False through the worker costs them no reference of its own;
    # what Qt calls take elsewhere is covered by studio.ui.refcounts (next test).
    if not PROTECTED:
        assert all(a >= b - 100 for a, b in zip(after, before, strict=True))
    assert min(after) > 0
    worker.stop()


def test_void_qt_calls_cannot_free_none(qtbot: QtBot) -> None:
    """PySide6 6.12.0 on Python 3.11 steals None from every void call; studio.ui guards it."""
    from PySide6.QtWidgets import QLabel

    from studio.ui.refcounts import HEADROOM, loses_references

    label = QLabel()
    qtbot.addWidget(label)
    for _ in range(20_000):  # about four times what None starts with on Python 3.11
        label.setText("x")
    if loses_references() and sys.version_info < (3, 12):
        assert sys.getrefcount(None) > HEADROOM // 2
