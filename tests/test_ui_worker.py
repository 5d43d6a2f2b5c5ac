"""The database worker answers in order, and the installed PySide6 keeps reference counts.

PySide6 6.12.0 on Python 3.11 loses a reference to None on every void Qt call and to True on
every emit, which aborts the app after a few thousand calls; pyproject.toml excludes it and
studio.ui.compat refuses to start on it. These tests fail if an affected PySide6 is installed.
"""

from __future__ import annotations

import sys

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QLabel
from pytestqt.qtbot import QtBot

from studio.ui.compat import pyside_defect
from studio.ui.worker import DatabaseWorker


class _Sender(QObject):
    ping = Signal(int)


def test_the_installed_pyside_has_no_reference_defect(qtbot: QtBot) -> None:
    assert pyside_defect() is None
    sender, label = _Sender(), QLabel()
    qtbot.addWidget(label)
    seen: list[int] = []
    sender.ping.connect(seen.append)
    none_before, true_before = sys.getrefcount(None), sys.getrefcount(True)
    for i in range(5000):
        sender.ping.emit(i)
        label.setText("x")
    assert len(seen) == 5000
    assert sys.getrefcount(True) >= true_before - 50
    assert sys.getrefcount(None) >= none_before - 50


def test_worker_answers_in_order_and_reports_errors(qtbot: QtBot) -> None:
    worker = DatabaseWorker()
    answers: list[object] = []
    for i in range(300):
        worker.submit(lambda i=i: i, answers.append, answers.append)
    worker.submit(lambda: 1 / 0, answers.append, lambda exc: answers.append(type(exc)))
    worker.wait()
    qtbot.waitUntil(lambda: worker.pending() == 0, timeout=10_000)
    assert answers[:300] == list(range(300)) and answers[-1] is ZeroDivisionError
    worker.stop()
