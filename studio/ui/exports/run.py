"""Running one export off the UI thread: a progress bar, a Cancel button, and the outcome.

The export needs the library session, so it runs as ONE job on the database worker (the
workflow hands picture work to its own process pool). The workflow reports ``progress(done,
total)`` from that thread into a :class:`ProgressCounter`; a QTimer on the UI thread reads it
every 100 ms (Anki's way: nothing but two ints crosses threads, and no Qt object is touched off
the UI thread). Cancel sets a ``threading.Event`` the workflow polls; it then throws away its
staging files and records nothing. Locking or quitting the session cancels too, so the app's
wait for the worker is short.
"""

from __future__ import annotations

import threading
from collections.abc import Callable

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QHBoxLayout, QLabel, QProgressBar, QPushButton, QWidget

from studio.exporters.model import CancelFlag, Progress
from studio.ui.context import POST, UiContext
from studio.workflow.exports import ExportResult

POLL_MS = 100

Job = Callable[[Progress, CancelFlag], ExportResult]


class ProgressCounter:
    """``done`` and ``total``, written by the exporting thread and read by the UI's timer."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._value: tuple[int, int] | None = None

    def __call__(self, done: int, total: int) -> None:
        with self._lock:
            self._value = (done, total)

    def read(self) -> tuple[int, int] | None:
        with self._lock:
            return self._value


class ExportRun(QWidget):
    """The progress row; emits ``finished(ExportResult)`` or ``failed(exception)``."""

    finished = Signal(object)
    failed = Signal(object)

    def __init__(self, ctx: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.counter = ProgressCounter()
        self.cancel_flag = threading.Event()
        self.running = False
        self.bar = QProgressBar()
        self.bar.setAccessibleName(self.tr("Export progress"))
        self.bar.setTextVisible(True)
        self.label = QLabel()
        self.label.setAccessibleName(self.tr("Export status"))
        self.cancel_button = QPushButton(self.tr("Cancel"))
        self.cancel_button.setAccessibleName(self.tr("Cancel the export"))
        self.cancel_button.setToolTip(self.tr("Stop; nothing is recorded or kept (Esc)"))
        self.cancel_button.clicked.connect(self.cancel)
        QShortcut(QKeySequence(Qt.Key.Key_Escape), self, self.cancel,
                  context=Qt.ShortcutContext.WidgetWithChildrenShortcut)
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.bar, 1)
        row.addWidget(self.label)
        row.addWidget(self.cancel_button)
        self.timer = QTimer(self)
        self.timer.setInterval(POLL_MS)
        self.timer.timeout.connect(self._poll)
        # A method, not a lambda: a lambda holding ``self`` on the context's signal kept this
        # widget and the whole session (library, worker) alive for as long as the context.
        ctx.closing.connect(self._session_closing)
        self.hide()

    def _session_closing(self) -> None:
        self.cancel_flag.set()

    def start(self, job: Job) -> None:
        """Run ``job(progress, cancel)`` on the database worker; one export at a time."""
        if self.running:
            return
        self.running = True
        self.counter = counter = ProgressCounter()
        self.cancel_flag = flag = threading.Event()
        self.bar.setRange(0, 0)                   # busy until the workflow gives a total
        self.label.setText(self.tr("Preparing…"))
        self.cancel_button.setEnabled(True)
        self.show()
        self.cancel_button.setFocus()
        self.timer.start()
        self.ctx.op(lambda: job(counter, flag), self._done, changes={POST}, owner=self,
                    failed=self._failed)

    def cancel(self) -> None:
        if not self.running or self.cancel_flag.is_set():
            return
        self.cancel_flag.set()
        self.cancel_button.setEnabled(False)
        self.label.setText(self.tr("Cancelling…"))

    def _poll(self) -> None:
        value = self.counter.read()
        if value is None or self.cancel_flag.is_set():
            return
        done, total = value
        if total > 0:
            self.bar.setRange(0, total)
            self.bar.setValue(done)
            self.label.setText(self.tr("{done} of {total} steps").format(done=done,
                                                                       total=total))

    def _stop(self) -> None:
        self.timer.stop()
        self.running = False
        self.hide()

    def _done(self, result: ExportResult) -> None:
        self._stop()
        self.finished.emit(result)

    def _failed(self, exc: BaseException) -> None:
        self._stop()
        self.failed.emit(exc)
