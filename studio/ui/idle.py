"""Lock the session after a stretch without keyboard, mouse, pen or touch input.

A workstation left open on a ward shows patient stories to whoever walks by, so the main window
asks to be locked after N idle minutes (UiSettings.idle_lock_minutes, 10 by default). The
watcher filters input events application-wide: any of them restarts the countdown.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtWidgets import QApplication, QInputDialog, QWidget

from studio.ui.settings import UiSettings

_INPUT = frozenset({
    QEvent.Type.KeyPress, QEvent.Type.MouseButtonPress, QEvent.Type.MouseMove,
    QEvent.Type.Wheel, QEvent.Type.TabletPress, QEvent.Type.TabletMove,
    QEvent.Type.TouchBegin, QEvent.Type.TouchUpdate,
})


class IdleWatcher(QObject):
    """Emits ``idle`` once after ``timeout_ms`` without input; restart with :meth:`start`."""

    idle = Signal()

    def __init__(self, timeout_ms: int, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self.idle)
        self.set_timeout_ms(timeout_ms)
        app = QApplication.instance()
        if app is not None:
            app.installEventFilter(self)

    def set_timeout_ms(self, timeout_ms: int) -> None:
        self._timer.setInterval(max(1, timeout_ms))
        self._timer.start()

    def timeout_ms(self) -> int:
        return self._timer.interval()

    def stop(self) -> None:
        self._timer.stop()
        app = QApplication.instance()
        if app is not None:
            app.removeEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() in _INPUT and self._timer.isActive():
            self._timer.start()
        return False


def ask_idle_minutes(parent: QWidget, settings: UiSettings, watcher: IdleWatcher) -> QInputDialog:
    """Library ▸ Lock after…: choose the idle minutes (kept per computer, in UiSettings)."""
    dialog = QInputDialog(parent)
    dialog.setWindowTitle(parent.tr("Lock after"))
    dialog.setLabelText(parent.tr("Lock the library after this many idle minutes:"))
    dialog.setInputMode(QInputDialog.InputMode.IntInput)
    dialog.setIntRange(1, 240)
    dialog.setIntValue(settings.idle_lock_minutes)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)

    def chosen(minutes: int) -> None:
        settings.idle_lock_minutes = minutes
        settings.sync()
        watcher.set_timeout_ms(minutes * 60_000)

    dialog.intValueSelected.connect(chosen)
    dialog.open()
    return dialog
