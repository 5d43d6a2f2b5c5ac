"""The progress dialog shown while signing in upgrades an older library.

The library reports ``(phase, done, total)`` from the database worker thread. Only ints cross
to the UI thread, through a queued signal of a relay that lives there (the worker's own
pattern, studio/ui/worker.py); reports are thinned to about one per percent. Cancel is offered
during the backup only: the library layer then removes the half-written backup and leaves the
library as it was. Once the upgrade itself has started the dialog says it cannot be stopped
and Escape does nothing.
"""

from __future__ import annotations

import threading

import shiboken6
from PySide6.QtCore import QObject, Qt, Signal, Slot
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import QProgressDialog, QWidget

PHASES = ("backup", "upgrade")
MB = 1 << 20


class _Relay(QObject):
    """Lives on the UI thread; the worker thread emits (phase index, done, total)."""

    reported = Signal(int, int, int)


class UpgradeWatch:
    """Hands ``report`` and ``cancelled`` to the library; shows the dialog on the first report.

    ``history`` keeps what the dialog showed after each report: (phase, value, maximum,
    label, whether it could be cancelled), for tests.
    """

    def __init__(self, parent: QWidget) -> None:
        self._parent = parent
        self._relay = _Relay()
        self._relay.reported.connect(self._show, Qt.ConnectionType.QueuedConnection)
        self._cancel = threading.Event()
        self._last: tuple[int, int] = (-1, -1)
        self.dialog: UpgradeProgressDialog | None = None
        self.history: list[tuple[str, int, int, str, bool]] = []

    # -- on the worker thread -----------------------------------------------------------------
    def report(self, phase: str, done: int, total: int) -> None:
        index = PHASES.index(phase)
        step = max(total // 100, 1)
        key = (index, done // step)
        if key != self._last or done == total:
            self._last = key
            self._relay.reported.emit(index, done, total)

    def cancelled(self) -> bool:
        return self._cancel.is_set()

    # -- on the UI thread ---------------------------------------------------------------------
    @Slot(int, int, int)
    def _show(self, index: int, done: int, total: int) -> None:
        if self.dialog is None:
            self.dialog = UpgradeProgressDialog(self._parent)
            self.dialog.canceled.connect(self._cancel.set)
            self.dialog.show()
        dialog = self.dialog
        dialog.show_report(PHASES[index], done, total)
        self.history.append((PHASES[index], dialog.value(), dialog.maximum(),
                             dialog.labelText(), dialog.cancellable))

    def finish(self) -> None:
        """The open ended (opened, failed or cancelled): close the dialog."""
        self._relay.reported.disconnect(self._show)
        if self.dialog is not None and shiboken6.isValid(self.dialog):
            self.dialog.finished_upgrade()


class UpgradeProgressDialog(QProgressDialog):
    """"Backing up the library before upgrading… N of M MB", then "Upgrading…"."""

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Upgrading the library"))
        self.setWindowModality(Qt.WindowModality.WindowModal)
        self.setMinimumDuration(0)
        self.setAutoClose(False)
        self.setAutoReset(False)
        self.setAccessibleName(self.tr("Library upgrade progress"))
        self.setCancelButtonText(self.tr("Cancel"))
        self.cancellable = True
        self.setMinimumWidth(460)

    def show_report(self, phase: str, done: int, total: int) -> None:
        if phase == "backup":
            half = max(total // 2, 1)
            self.setMaximum(max(total // 1024, 1))
            self.setValue(min(done // 1024, self.maximum()))
            what = (self.tr("Backing up the library before upgrading… {n} of {m} MB")
                    if done <= half else
                    self.tr("Checking the backup before upgrading… {n} of {m} MB"))
            self.setLabelText(what.format(n=f"{(done if done <= half else done - half) / MB:,.1f}",
                                          m=f"{half / MB:,.1f}") + "\n"
                              + self.tr("You may cancel while the backup is made: the "
                                        "library stays as it is and no backup is kept."))
            return
        too_late = self.wasCanceled()
        if self.cancellable:
            self.cancellable = False
            self.setCancelButton(None)  # type: ignore[arg-type]
        self.setMaximum(max(total, 1))
        self.setValue(done)
        self.setLabelText(
            (self.tr("Too late to cancel: the backup was complete.") + "\n" if too_late else "")
            + self.tr("Upgrading… step {n} of {m}").format(n=done, m=total) + "\n"
            + self.tr("This cannot be cancelled: stopping half-way is not safe. Please wait; "
                      "do not close the studio."))
        self.show()

    def reject(self) -> None:
        """Escape: cancel while the backup is made; nothing once the upgrade has started."""
        if self.cancellable:
            self.canceled.emit()   # as the Cancel button does (QDialog.reject would not)

    def closeEvent(self, event: QCloseEvent) -> None:
        if self.cancellable:
            super().closeEvent(event)
        else:
            event.ignore()

    def finished_upgrade(self) -> None:
        self.cancellable = True  # let it close
        self.close()
        self.deleteLater()
